"""ESC/POS thermal printers over network (port 9100), USB, serial or a file, with real-time status."""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from pathlib import Path
from typing import Any, Protocol

from desktop.devices.printers.base import PrinterState, PrinterStatus, PrinterUnavailable
from desktop.i18n import _
from desktop.receipts.escpos_profiles import DEFAULT_PROFILE
from desktop.receipts.escpos_render import render_escpos
from desktop.receipts.signing import SignedReceipt

log = logging.getLogger(__name__)

# DLE EOT n: real-time status, answered by the printer even while it is busy or out of paper.
STATUS_PRINTER = b"\x10\x04\x01"
STATUS_PAPER = b"\x10\x04\x04"
_OFFLINE_BIT = 0x08  # printer status byte, bit 3
_PAPER_END_BITS = 0x60  # roll paper sensor byte, bits 5 and 6
_FIXED_MASK, _FIXED_VALUE = 0x93, 0x12  # bits 1 and 4 always set, bits 0 and 7 always clear in a status byte


class EscposConnection(Protocol):
    """A byte pipe to a printer. ``read`` returns None when the link cannot read back (a plain file)."""

    description: str
    can_read: bool

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes | None: ...

    def close(self) -> None: ...


class NetworkConnection:
    """Raw TCP to a network printer (JetDirect / AppSocket, port 9100)."""

    def __init__(self, host: str, port: int = 9100, *, timeout: float = 3.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.description = _("Imprimante réseau {host}:{port}").format(host=host, port=port)
        self.can_read = True
        self._sock: socket.socket | None = None

    def open(self) -> None:
        self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)

    def write(self, data: bytes) -> None:
        assert self._sock is not None
        self._sock.sendall(data)

    def read(self, size: int, timeout: float) -> bytes | None:
        assert self._sock is not None
        self._sock.settimeout(timeout)
        try:
            return self._sock.recv(size)
        except TimeoutError:
            return b""
        finally:
            self._sock.settimeout(self.timeout)

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_WR)  # tell the printer the job is complete
            self._sock.close()
            self._sock = None


class FileConnection:
    """A device file (/dev/usb/lp0, a Windows share, a named pipe) or a plain file collecting jobs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = _("Fichier d'impression {path}").format(path=path)
        self.can_read = False
        self._handle: Any = None

    def open(self) -> None:
        self._handle = self.path.open("ab")

    def write(self, data: bytes) -> None:
        self._handle.write(data)
        self._handle.flush()

    def read(self, size: int, timeout: float) -> bytes | None:
        return None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class SerialConnection:
    """An RS-232 or USB-serial printer through pyserial."""

    def __init__(self, port: str, baudrate: int = 19200, *, timeout: float = 3.0) -> None:
        self.port, self.baudrate, self.timeout = port, baudrate, timeout
        self.description = _("Imprimante série {port} ({baudrate} bauds)").format(port=port, baudrate=baudrate)
        self.can_read = True
        self._serial: Any = None

    def open(self) -> None:
        try:
            import serial  # pyserial: optional, only stations with a serial printer need it
        except ImportError as exc:
            raise OSError("pyserial is not installed") from exc
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=self.timeout, write_timeout=self.timeout)
        except serial.SerialException as exc:
            raise OSError(str(exc)) from exc

    def write(self, data: bytes) -> None:
        self._serial.write(data)
        self._serial.flush()

    def read(self, size: int, timeout: float) -> bytes | None:
        self._serial.timeout = timeout
        return bytes(self._serial.read(size))

    def close(self) -> None:
        if self._serial is not None:
            self._serial.close()
            self._serial = None


class UsbConnection:
    """A USB printer through pyusb (libusb), as python-escpos drives it."""

    def __init__(
        self, vendor_id: int, product_id: int, *, in_ep: int = 0x82, out_ep: int = 0x01, timeout_ms: int = 3000
    ) -> None:
        self.vendor_id, self.product_id = vendor_id, product_id
        self.in_ep, self.out_ep, self.timeout_ms = in_ep, out_ep, timeout_ms
        self.description = _("Imprimante USB {vendor_id:04x}:{product_id:04x}").format(
            vendor_id=vendor_id, product_id=product_id
        )
        self.can_read = True
        self._printer: Any = None

    def open(self) -> None:
        try:
            from desktop.receipts.escpos_import import import_escpos

            import_escpos()
            from escpos.printer import Usb
        except ImportError as exc:
            raise OSError("pyusb is not installed") from exc
        printer = Usb(self.vendor_id, self.product_id, timeout=self.timeout_ms, in_ep=self.in_ep, out_ep=self.out_ep)
        try:
            printer.open(raise_not_found=True)
        except Exception as exc:  # python-escpos raises its own, usb or import errors: all mean "not there"
            raise OSError(f"USB printer {self.vendor_id:04x}:{self.product_id:04x} not found") from exc
        self._printer = printer

    def write(self, data: bytes) -> None:
        try:
            self._printer._raw(data)
        except Exception as exc:  # usb.core.USBError and timeouts
            raise OSError("USB write failed") from exc

    def read(self, size: int, timeout: float) -> bytes | None:
        try:
            return bytes(self._printer.device.read(self.in_ep, size, int(timeout * 1000)))[:size]
        except Exception:  # a printer without a readable endpoint: status unknown
            return None

    def close(self) -> None:
        if self._printer is not None:
            try:
                self._printer.close()
            except Exception:  # the cable may already be gone
                log.debug("USB printer close failed", exc_info=True)
            self._printer = None


def interpret_status(printer_byte: bytes | None, paper_byte: bytes | None) -> PrinterStatus:
    """Turn DLE EOT answers into a status; no answer means the link cannot tell (assume ready)."""
    if paper_byte and _plausible(paper_byte[0]) and paper_byte[0] & _PAPER_END_BITS == _PAPER_END_BITS:
        return PrinterStatus.paper_out()
    if printer_byte and _plausible(printer_byte[0]) and printer_byte[0] & _OFFLINE_BIT:
        return PrinterStatus.offline(
            _("L'imprimante est en pause ou capot ouvert : refermez-la, puis réimprimez le récépissé.")
        )
    if not printer_byte and not paper_byte:
        return PrinterStatus.ok(_("Imprimante prête (son état n'a pas pu être lu)."))
    return PrinterStatus.ok()


def _plausible(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_VALUE


class EscposReceiptPrinter:
    """Renders receipts for a printer profile and sends them over a connection, checking paper first."""

    def __init__(
        self,
        connection: EscposConnection,
        *,
        profile: str = DEFAULT_PROFILE,
        columns: int | None = None,
        check_status: bool = True,
        status_timeout: float = 1.0,
    ) -> None:
        self.connection = connection
        self.profile = profile
        self.columns = columns
        self.check_status = check_status
        self.status_timeout = status_timeout

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return _("{description}, profil {profile}").format(
            description=self.connection.description, profile=self.profile
        )

    def render(self, signed: SignedReceipt) -> bytes:
        """The exact bytes a print job sends."""
        return render_escpos(signed, profile=self.profile, columns=self.columns)

    def status(self) -> PrinterStatus:
        """Open the link and ask the printer how it is."""
        try:
            self.connection.open()
        except OSError:
            return PrinterStatus.offline()
        try:
            return self._query()
        except OSError:
            return PrinterStatus.offline()
        finally:
            self.connection.close()

    def _query(self) -> PrinterStatus:
        if not self.connection.can_read:
            return interpret_status(None, None)
        self.connection.write(STATUS_PRINTER)
        printer_byte = self._read_one()
        if not printer_byte:  # no answer: this printer does not do real-time status, do not ask again
            return interpret_status(None, None)
        self.connection.write(STATUS_PAPER)
        return interpret_status(printer_byte, self._read_one())

    def _read_one(self) -> bytes | None:
        deadline = time.monotonic() + self.status_timeout
        answer = self.connection.read(1, self.status_timeout)
        while answer == b"" and time.monotonic() < deadline:
            answer = self.connection.read(1, max(0.01, deadline - time.monotonic()))
        return answer

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Check paper, send the job in one write, close; raise PrinterUnavailable on any failure."""
        data = self.render(signed)
        try:
            self.connection.open()
        except OSError as exc:
            log.warning("receipt printer unreachable: %s", self.connection.description)
            raise PrinterUnavailable(PrinterStatus.offline()) from exc
        try:
            if self.check_status:
                status = self._query()
                if status.state is not PrinterState.READY:
                    raise PrinterUnavailable(status)
            self.connection.write(data)
        except OSError as exc:
            log.warning("receipt printer write failed: %s", self.connection.description)
            raise PrinterUnavailable(
                PrinterStatus.offline(
                    _("La connexion à l'imprimante a été perdue pendant l'impression : réimprimez le récépissé.")
                )
            ) from exc
        finally:
            self.connection.close()
