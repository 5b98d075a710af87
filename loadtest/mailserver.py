"""The fault run's mail server, on loopback: it refuses connections, then hangs (accepts and never answers),
then accepts and records every message (aiosmtpd). What it received is checked against the outbox."""

import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        self.received: Counter[tuple[str, str]] = Counter()  # (Message-ID, recipient) → copies
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes

        message_id = message_from_bytes(envelope.content).get("Message-ID", "")
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[(message_id, recipient)] += 1
        return "250 OK"


class SwitchableMailServer:
    """One port, three behaviours: `refuse()`, `hang()`, `accept()`."""

    def __init__(self, port: int):
        self.port = port
        self.recorder = Recorder()
        self.mode = "refuse"
        self._controller: Controller | None = None
        self._hanging: socket.socket | None = None
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._holder: threading.Thread | None = None

    def refuse(self) -> None:
        self._close()
        self.mode = "refuse"

    def hang(self) -> None:
        self._close()
        self._hanging = socket.socket()
        self._hanging.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._hanging.bind(("127.0.0.1", self.port))
        self._hanging.listen(64)
        self._hanging.settimeout(0.2)
        self._stop.clear()
        self._holder = threading.Thread(target=self._hold, daemon=True)
        self._holder.start()
        self.mode = "hang"

    def accept(self) -> None:
        self._close()
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        self.mode = "accept"

    def stop(self) -> None:
        self._close()

    def _hold(self) -> None:
        listener = self._hanging
        while not self._stop.is_set() and listener is not None:
            try:
                self._held.append(listener.accept()[0])  # accepted, and never a greeting
            except OSError:
                continue

    def _close(self) -> None:
        self._stop.set()
        if self._holder is not None:
            self._holder.join()  # its accept() must return before the port can be bound again
            self._holder = None
        if self._hanging is not None:
            self._hanging.close()
            self._hanging = None
        for held in self._held:
            held.close()
        self._held.clear()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
