"""ESC/POS printers over real links: a TCP server on 127.0.0.1:9100, a pseudo-terminal, a file, USB absent."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.devices.printers.base import PrinterState, PrinterUnavailable, ReceiptPrinter
from desktop.devices.printers.escpos_printers import (
    STATUS_PAPER,
    STATUS_PRINTER,
    EscposReceiptPrinter,
    FileConnection,
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    interpret_status,
)
from desktop.receipts.content import ReceiptKind
from desktop.receipts.samples import sample_receipt
from desktop.receipts.signing import StationSigner

OK = 0x12


class FakeNetworkPrinter:
    """A TCP printer: answers DLE EOT queries with configurable bytes and records every byte received."""

    def __init__(self, port: int, *, printer_byte: int | None = OK, paper_byte: int | None = OK) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.answers = {STATUS_PRINTER: printer_byte, STATUS_PAPER: paper_byte}
        self.jobs: list[bytes] = []
        self._stop = threading.Event()
        self.server.settimeout(0.05)  # so close() is not stuck behind a blocking accept()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            received = bytearray()
            with conn:
                while chunk := conn.recv(65536):
                    received += chunk
                    for query, answer in self.answers.items():
                        if received.endswith(query) and answer is not None:
                            conn.sendall(bytes([answer]))
            self.jobs.append(bytes(received))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


def _listen_port() -> int:
    """9100 as the acceptance asks, or an ephemeral port when 9100 is taken on this machine."""
    try:
        probe = socket.create_server(("127.0.0.1", 9100))
    except OSError:
        return 0
    probe.close()
    return 9100


@pytest.fixture
def net_printer() -> Iterator[FakeNetworkPrinter]:
    server = FakeNetworkPrinter(_listen_port())
    yield server
    server.close()


def _wait_jobs(server: FakeNetworkPrinter, count: int) -> list[bytes]:
    for _ in range(200):
        if len(server.jobs) >= count:
            break
        threading.Event().wait(0.01)
    return server.jobs


def test_network_print_sends_exactly_the_rendered_stream(
    net_printer: FakeNetworkPrinter, signer: StationSigner
) -> None:
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    printer = EscposReceiptPrinter(NetworkConnection("127.0.0.1", net_printer.port))
    assert isinstance(printer, ReceiptPrinter)
    printer.print_receipt(signed)
    jobs = _wait_jobs(net_printer, 1)
    assert jobs == [STATUS_PRINTER + STATUS_PAPER + printer.render(signed)]
    assert jobs[0].endswith(b"\x1dV\x00")
    unchecked = EscposReceiptPrinter(NetworkConnection("127.0.0.1", net_printer.port), check_status=False)
    unchecked.print_receipt(signed.as_duplicate())
    assert _wait_jobs(net_printer, 2)[1] == unchecked.render(signed.as_duplicate())
    assert b"DUPLICATA" in net_printer.jobs[1]


@pytest.mark.slow
def test_network_paper_out_is_reported_and_nothing_printed(signer: StationSigner) -> None:
    server = FakeNetworkPrinter(0, paper_byte=0x72)
    try:
        printer = EscposReceiptPrinter(NetworkConnection("127.0.0.1", server.port))
        assert printer.status().state is PrinterState.PAPER_OUT
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.RESILIATION)))
        assert caught.value.status.state is PrinterState.PAPER_OUT
        message = caught.value.status.message
        assert "papier" in message and "DUPLICATA" not in message  # the first print of a kept receipt is the original
        jobs = _wait_jobs(server, 2)
        assert jobs[1] == STATUS_PRINTER + STATUS_PAPER
    finally:
        server.close()


@pytest.mark.slow
def test_refused_connection_is_offline(signer: StationSigner) -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    printer = EscposReceiptPrinter(NetworkConnection("127.0.0.1", port, timeout=1))
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PASSEPORT)))
    assert caught.value.status.state is PrinterState.OFFLINE
    assert "hors ligne" in caught.value.status.message


@pytest.mark.slow
def test_silent_printer_still_prints(signer: StationSigner) -> None:
    server = FakeNetworkPrinter(0, printer_byte=None, paper_byte=None)
    try:
        printer = EscposReceiptPrinter(NetworkConnection("127.0.0.1", server.port), status_timeout=0.1)
        signed = signer.sign(sample_receipt(ReceiptKind.VOTE_INTERNET))
        printer.print_receipt(signed)
        assert _wait_jobs(server, 1) == [STATUS_PRINTER + printer.render(signed)]
    finally:
        server.close()


def test_file_connection_appends_jobs(tmp_path: Path, signer: StationSigner) -> None:
    path = tmp_path / "lp0"
    printer = EscposReceiptPrinter(FileConnection(path))
    assert printer.status().state is PrinterState.READY
    first = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    second = signer.sign(sample_receipt(ReceiptKind.RESILIATION))
    printer.print_receipt(first)
    printer.print_receipt(second)
    assert path.read_bytes() == printer.render(first) + printer.render(second)
    missing = EscposReceiptPrinter(FileConnection(tmp_path / "no" / "such" / "device"))
    assert missing.status().state is PrinterState.OFFLINE


def test_serial_printer_on_a_pseudo_terminal(signer: StationSigner) -> None:
    master, slave = os.openpty()
    import tty

    tty.setraw(slave)  # no echo, no newline translation: a clean byte pipe like a real serial line
    received = bytearray()
    done = threading.Event()

    def printer_side() -> None:
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            received.extend(chunk)
            if received.endswith(STATUS_PRINTER) or received.endswith(STATUS_PAPER):
                os.write(master, bytes([OK]))

    thread = threading.Thread(target=printer_side, daemon=True)
    thread.start()
    signed = signer.sign(sample_receipt(ReceiptKind.PROCURATION))
    printer = EscposReceiptPrinter(SerialConnection(os.ttyname(slave), 9600))
    printer.print_receipt(signed)
    expected = STATUS_PRINTER + STATUS_PAPER + printer.render(signed)
    for _ in range(300):
        if len(received) >= len(expected):
            break
        threading.Event().wait(0.01)
    done.set()
    os.close(slave)
    os.close(master)
    assert bytes(received) == expected


def test_usb_printer_absent_is_offline(signer: StationSigner) -> None:
    printer = EscposReceiptPrinter(UsbConnection(0x04B8, 0x0E15))
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterUnavailable):
        printer.print_receipt(signer.sign(sample_receipt(ReceiptKind.PROCURATION)))


@pytest.mark.parametrize(
    ("printer_byte", "paper_byte", "state"),
    [
        (b"\x12", b"\x12", PrinterState.READY),
        (b"\x12", b"\x1e", PrinterState.READY),  # near end: still prints
        (b"\x12", b"\x72", PrinterState.PAPER_OUT),
        (b"\x1a", b"\x12", PrinterState.OFFLINE),
        (None, None, PrinterState.READY),
        (b"\xff", b"\xff", PrinterState.READY),  # not a status byte: ignored rather than misread
    ],
)
def test_interpret_status(printer_byte: bytes | None, paper_byte: bytes | None, state: PrinterState) -> None:
    assert interpret_status(printer_byte, paper_byte).state is state
