"""One router per resource: the WebSocket, the public corpus, the instructor API, health."""
