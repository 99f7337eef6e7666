"""Connect a virtual chip to the vsmartcard vpcd driver of pcscd, so the whole PC/SC path sees a real card."""

from __future__ import annotations

import argparse
import base64
import contextlib
import logging
import socket
import threading
import time

from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.profiles import PROFILES, atr_for

log = logging.getLogger(__name__)

VPCD_PORTS = {"Virtual PCD 00 00": 35963, "Virtual PCD 00 01": 35964}


# vpcd only notices a closed connection at its next poll; a card that connects before then is never seen.
# So a port is left alone this long after a removal.
REINSERT_DELAY = 1.0
_last_removal: dict[int, float] = {}
_removal_lock = threading.Lock()


class VpcdCard:
    """A virtual card 'inserted' while connected to vpcd's TCP port; closing the socket pulls it out."""

    def __init__(self, chip: VirtualChip, port: int = 35963, host: str = "127.0.0.1") -> None:
        self.chip = chip
        self.port = port
        self.host = host
        self.remove_after: int | None = None  # pull the card out after this many APDUs (mid-read tests)
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._removed = threading.Event()

    def insert(self, timeout: float = 10.0) -> None:
        """Connect to vpcd (retrying while pcscd starts) and serve APDUs on a thread."""
        with _removal_lock:
            wait = _last_removal.get(self.port, 0.0) + REINSERT_DELAY - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        sock.settimeout(None)
        # vpcd writes the length and the APDU separately; without these, Nagle plus delayed ACKs add ~40 ms a turn.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock
        self._removed.clear()
        self._thread = threading.Thread(target=self._serve, args=(sock,), name=f"vpcd:{self.port}", daemon=True)
        self._thread.start()

    def _note_removal(self) -> None:
        with _removal_lock:
            _last_removal[self.port] = time.monotonic()

    def remove(self) -> None:
        """Close the connection: vpcd reports the card removed."""
        self._removed.set()
        sock, self._socket = self._socket, None
        if sock is not None:
            self._note_removal()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2.0)

    @property
    def inserted(self) -> bool:
        """Whether the card is connected."""
        return self._socket is not None and not self._removed.is_set()

    def _recv_exact(self, sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            if hasattr(socket, "TCP_QUICKACK"):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._removed.is_set():
                head = self._recv_exact(sock, 2)
                if head is None:
                    break
                payload = self._recv_exact(sock, int.from_bytes(head, "big"))
                if payload is None:
                    break
                if len(payload) == 1:
                    if payload[0] in (0, 1, 2):  # power off, power on, reset: the chip forgets its session
                        self.chip.reset()
                    elif payload[0] == 4:
                        atr = atr_for(self.chip.content.profile)
                        sock.sendall(len(atr).to_bytes(2, "big") + atr)
                    continue
                answer = self.chip.transmit(payload)
                sock.sendall(len(answer).to_bytes(2, "big") + answer)
                if self.remove_after is not None and self.chip.apdu_count >= self.remove_after:
                    break
        except OSError:
            pass
        finally:
            if not self._removed.is_set():
                self._removed.set()
                self._socket = None
                self._note_removal()
                sock.close()


def main(argv: list[str] | None = None) -> int:
    """Serve a demo person's document on a vpcd port until interrupted (manual tests, benchmarks)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop.devices.cards.demo_persons import demo_person
    from desktop.devices.cards.states import country_of
    from desktop.devices.cards.vchip.build import build_content
    from desktop.devices.cards.vchip.pki import shared_test_pki

    parser = argparse.ArgumentParser(description="Carte virtuelle eMRTD pour vpcd (tests uniquement)")
    parser.add_argument("--person", default="martin-claire")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--tamper-dg1", action="store_true")
    parser.add_argument("--profil", dest="profile", choices=sorted(PROFILES), default="standard")
    args = parser.parse_args(argv)
    content = build_content(demo_person(args.person), tamper_dg1=args.tamper_dg1, profile=args.profile)
    card = VpcdCard(VirtualChip(content), args.port)
    card.insert()
    # The test CSCA is generated at start-up: give it (DER, base64) to whoever verifies this card's EF.SOD.
    person = demo_person(args.person)
    csca = shared_test_pki(country_of(person.issuing_state) or "FR").csca_certificate.public_bytes(Encoding.DER)
    print("ready", base64.b64encode(csca).decode("ascii"), flush=True)
    try:
        while card.inserted:
            time.sleep(0.2)
    except KeyboardInterrupt:
        card.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
