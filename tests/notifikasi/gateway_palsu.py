"""A WhatsApp/SMS gateway on loopback (threading http.server) that answers as
told: "200", "500", "400", or "lambat" (sleeps past the portal's timeout)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class GatewayPalsu:
    jawaban: list[str]  # one per request; the last one repeats
    tidur: float = 2.0
    permintaan: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/kirim"

    def mulai(self) -> GatewayPalsu:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                panjang = int(self.headers.get("Content-Length", 0))
                badan = json.loads(self.rfile.read(panjang))
                i = len(gateway.permintaan)
                gateway.permintaan.append(
                    {"badan": badan, "otorisasi": self.headers.get("Authorization")}
                )
                jawab = gateway.jawaban[min(i, len(gateway.jawaban) - 1)]
                if jawab == "lambat":
                    time.sleep(gateway.tidur)
                    jawab = "200"
                try:
                    self.send_response(int(jawab))
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"status": "ok"}' if jawab == "200" else b"{}")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the portal gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def berhenti(self) -> None:
        self.server.shutdown()
        self.server.server_close()
