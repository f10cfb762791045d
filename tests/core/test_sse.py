from brickyard.core.sse import ServerSentEvent, parse_events, split_lines


def test_events_dispatch_on_blank_lines_and_skip_comments():
    lines = [": keep-alive", "", "id: 7", "event: published", 'data: {"a":', "data: 1}", "",
             "data: no id change", ""]
    assert list(parse_events(lines)) == [
        ServerSentEvent("7", "published", '{"a":\n1}'),
        ServerSentEvent("7", "message", "no id change"),
    ]


def test_split_lines_handles_any_line_ending_split_across_chunks():
    chunks = ["id: 1\r", "\ndata: x\r\n", "\r", "\nid: 2\n", "data: y\r", "\r\n"]
    assert list(split_lines(chunks)) == ["id: 1", "data: x", "", "id: 2", "data: y", ""]
    # a lone CR at a chunk end followed by text is a line end too
    assert list(split_lines(["a\r", "b\n"])) == ["a", "b"]


def test_a_crlf_split_across_chunks_does_not_dispatch_early():
    chunks = ["id: 3\r", "\nevent: published\r", "\ndata: z\r\n\r\n"]
    assert list(parse_events(split_lines(chunks))) == [ServerSentEvent("3", "published", "z")]


def test_an_id_only_block_is_the_streams_position_when_asked():
    lines = ["id: 41", ": connected", "", "id: 42", "event: published", 'data: {"id": 42}', "", ": keep-alive", ""]
    assert [e.id for e in parse_events(lines)] == ["42"]
    positions = list(parse_events(lines, positions=True))
    assert [(e.id, e.event, e.data) for e in positions] == [("41", "", ""), ("42", "published", '{"id": 42}')]
