"""`guichet-central serve` as processes: its port taken before anything else, and no process left serving once the
one that started it is gone.

- The listening socket is bound (and listening) before the database is touched: a second `serve` on a port in use
  says so in French and leaves the first one's database, folder and port alone (uvicorn bound it last, after the
  migrations and the demo's data, and said « address already in use » in English).
- `--exit-with-stdin`: the demo's desk holds the other end of this process's stdin and never writes to it. The
  operating system closes it when the desk ends, SIGKILL included, and the read here returns end-of-file: the
  server stops as on SIGTERM. Not Linux's PR_SET_PDEATHSIG: Linux only, and it fires when the *thread* that started
  the child ends (the demo's central store is started from the start-up loader's thread, which ends once the
  window is ready), and it needs a `preexec_fn`, unsafe in a process with threads.
- Each worker of `--workers N` watches its parent the same way, through multiprocessing's own sentinel (a pipe on
  POSIX, the process handle on Windows): a killed parent no longer leaves its workers serving on its port.
- SIGHUP (a closed terminal, `systemctl kill -s HUP`, a script's « reload ») stops the service as SIGTERM does: the
  requests in flight are answered, then every process ends, exit code 0. There is nothing to reload: the settings are
  read from the environment and the command line at start (docs/DEPLOYMENT.md). Python's default ended the process
  at once, a push in flight cut (`--workers 1`), and uvicorn's supervisor replaced its workers (`--workers N`), each
  worker killed outright when the signal came from a terminal (it goes to the whole process group). Now the same for
  both: the serving process (or the supervisor) stops gracefully; a worker ignores it and is stopped by its
  supervisor, which got the same signal.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

BACKLOG = 2048  # uvicorn's default
HANGUP = getattr(signal, "SIGHUP", None)  # POSIX only
log = logging.getLogger("guichet.central.lifecycle")
HUNG_UP = "SIGHUP reçu : arrêt propre du service (requêtes en cours terminées), comme sur SIGTERM ; aucun rechargement"


class ListenRefused(Exception):
    """The address or port cannot be listened on; the message is French, for the administrator."""


def listen(host: str, port: int, *, backlog: int = BACKLOG) -> socket.socket:
    """A socket listening on `host:port`, ready to hand to uvicorn; raises ListenRefused."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform == "win32":
            # Windows' SO_REUSEADDR lets another process bind the same port and take connections from this one.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
        else:
            # A restart after a kill binds at once, whatever the old connections left in TIME_WAIT; a port another
            # process listens on is still refused (EADDRINUSE).
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening now, not when uvicorn starts: two processes merely bound with SO_REUSEADDR may share a port on
        # Linux until one listens.
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        raise ListenRefused(_refusal(exc, host, port)) from None
    sock.set_inheritable(True)
    return sock


def _refusal(exc: OSError, host: str, port: int) -> str:
    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return f"guichet-central : adresse d'écoute inconnue « {host} » (option --host) ; rien n'a été démarré."
    code = exc.errno or 0
    if code in {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)}:
        return (
            f"guichet-central : le port {port} est déjà utilisé sur {host} (un autre guichet-central y sert "
            "peut-être déjà) ; rien n'a été démarré ni modifié. Arrêtez l'autre programme ou choisissez un autre "
            "port (option --port)."
        )
    if code in {errno.EACCES, getattr(errno, "WSAEACCES", -1)}:
        return (
            f"guichet-central : écoute refusée sur {where} (port réservé, ou inférieur à 1024 sans les droits "
            "nécessaires) ; rien n'a été démarré ni modifié. Choisissez un autre port (option --port)."
        )
    if code in {errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", -1)}:
        return (
            f"guichet-central : l'adresse {host} n'est pas une adresse de cette machine (option --host) ; rien n'a "
            "été démarré."
        )
    return f"guichet-central : impossible d'écouter sur {where} (erreur système {code}) ; rien n'a été démarré."


def stop_when_stdin_closes(stop: Callable[[], None]) -> None:
    """Call `stop` (once) when this process's stdin reaches end-of-file: its parent, holding the other end, is gone."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        return

    def watch() -> None:
        try:
            while os.read(fd, 4096):
                pass  # the parent never writes; whatever comes is not an instruction
        except OSError:
            pass
        stop()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def served_app() -> Any:
    """uvicorn's application factory in each worker process: the store's application, its parent watched."""
    import multiprocessing

    from central import log_repeats, service

    log_repeats.install()  # an outage's error lines, once a minute each (central/log_repeats.py)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_stop_with, args=(parent,), name="parent-watch", daemon=True).start()
        if HANGUP is not None:  # its supervisor got the same SIGHUP and stops it gracefully (SIGTERM)
            signal.signal(HANGUP, signal.SIG_IGN)
    return service.served_app()


def _stop_with(parent: Any) -> None:
    parent.join()  # returns once the parent process has ended, however it ended
    # As the supervisor's own SIGTERM would: uvicorn's handler lets the requests in flight finish, then stops.
    signal.raise_signal(signal.SIGTERM)


def serve(app: Any, *, sock: socket.socket, workers: int, with_stdin: bool, **listen_options: Any) -> int:
    """Run uvicorn on `sock`: in this process (`app`, the application), or as `workers` processes each building
    its own (`served_app`). With `with_stdin`, stop when stdin closes. The exit code: 0, or 3 when the server
    never started (uvicorn's own)."""
    import uvicorn

    from central import log_repeats

    log_repeats.install()  # this process's own lines (the purge's; with one process, the API's too)
    try:
        if workers == 1:
            config = uvicorn.Config(app, **listen_options)
            server = uvicorn.Server(config)
            if with_stdin:
                stop_when_stdin_closes(lambda: setattr(server, "should_exit", True))
            if HANGUP is not None:
                signal.signal(HANGUP, lambda _sig, _frame: _hung_up(lambda: setattr(server, "should_exit", True)))
            server.run(sockets=[sock])
            return 0 if server.started else 3
        config = uvicorn.Config("central.lifecycle:served_app", factory=True, workers=workers, **listen_options)
        supervisor = _supervisor_class()(config, sockets=[sock])
        if with_stdin:
            stop_when_stdin_closes(supervisor.should_exit.set)
        supervisor.run()
        return 0
    except KeyboardInterrupt:
        return 0


def _hung_up(stop: Callable[[], None]) -> None:
    log.warning(HUNG_UP)
    stop()


def _supervisor_class() -> Any:
    from uvicorn.supervisors import Multiprocess

    class Supervisor(Multiprocess):
        """uvicorn's supervisor, SIGHUP a graceful stop as SIGTERM (its own replaced every worker)."""

        def handle_hup(self) -> None:
            _hung_up(self.should_exit.set)

    return Supervisor
