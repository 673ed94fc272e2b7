"""A tiny HTTP server for the fetch tests, on 127.0.0.1, supporting HTTP Range.

usage: range_server.py FILE LOG
Serves FILE at /good/<name> (whole or by Range, 206 with Content-Range) and at /truncate/<name>
(announces the full Content-Length, sends half, closes). Every request's Range header is appended
to LOG. Prints the port on stdout once listening; exits when its stdin closes.
"""
import http.server
import os
import sys
import threading

PAYLOAD = open(sys.argv[1], "rb").read()
LOG = sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _headers(self):
        mode = self.path.split("/")[1]
        if mode not in ("good", "truncate"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start = 0
        header = self.headers.get("Range")
        with open(LOG, "a") as log:
            log.write(f"{self.command} {self.path} {header}\n")
        if header and header.startswith("bytes="):
            start = int(header[6:].split("-")[0] or 0)
        if start >= len(PAYLOAD) and start > 0:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(PAYLOAD)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        body = PAYLOAD[start:]
        if start > 0:
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return mode, body

    def do_HEAD(self):
        self._headers()

    def do_GET(self):
        result = self._headers()
        if result is None:
            return
        mode, body = result
        if mode == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
