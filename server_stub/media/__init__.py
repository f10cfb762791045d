"""Review media: thumbnails, review images, H.264 proxies, posters and waveforms derived from published
files. Decoding and encoding use PyAV (its wheels carry FFmpeg), Pillow and OpenEXR — the ``media``
extra. Derivation runs in a child process (``isolated.run``) so a hostile file meets a time-out and a
memory limit there, never in the server."""
