"""A studio on a real server (users ana/sam/vic in project `film`) and a log of a client's traffic."""

from __future__ import annotations

from dataclasses import dataclass, field

from brickyard.core.client import Client


@dataclass
class Traffic:
    """Every request a client's session completed: (method, path, bytes in the request body)."""

    requests: list[tuple[str, str, int]] = field(default_factory=list)

    def record(self, response, *args, **kwargs):
        request = response.request
        path = request.path_url.split("?")[0]
        self.requests.append((request.method, path, int(request.headers.get("Content-Length") or 0)))

    def count(self, method: str, prefix: str) -> int:
        return sum(1 for m, p, _ in self.requests if m == method and p.startswith(prefix))

    def sent(self, method: str, prefix: str) -> int:
        return sum(n for m, p, n in self.requests if m == method and p.startswith(prefix))

    def clear(self) -> None:
        self.requests.clear()


def watch(client: Client) -> Traffic:
    traffic = Traffic()
    client.session.hooks["response"].append(traffic.record)
    return traffic


@dataclass
class Studio:
    url: str
    tokens: dict[str, str]
    tmp_path: object
    clients: list[Client] = field(default_factory=list)

    def client(self, user: str, **kwargs) -> Client:
        kwargs.setdefault("cache_dir", self.tmp_path / f"cache-{user}")
        kwargs.setdefault("library", self.tmp_path / f"library-{user}")
        client = Client(self.url, self.tokens[user], **kwargs)
        self.clients.append(client)
        return client


def make_studio(server, tmp_path) -> Studio:
    studio = Studio(server.url, {"admin": server.admin_token}, tmp_path)
    admin = studio.client("admin")
    admin.create_project("film", "The Film")
    for name, role in (("ana", "artist"), ("sam", "supervisor"), ("vic", "viewer")):
        studio.tokens[name] = admin.create_user(name).token
        admin.add_member("film", name, role)
    return studio
