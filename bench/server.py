"""What the benches that serve Chibo over HTTP share (bench/races.py, bench/load.py): the
environment of a server, manage.py in a subprocess, a bench database on PostgreSQL,
gunicorn started in its own process group and stopped with it, and a logged-in browser
(urllib, real session and CSRF cookies)."""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = Path(sys.executable).parent / "gunicorn"  # the venv running the bench
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The real settings with DEBUG off, as production runs them, on plain HTTP at
    127.0.0.1 (no secure cookies), a throwaway secret key, and a login lockout far away
    (many browsers log in from the same address)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_FAILURE_LIMIT": "1000",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **extra,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, script=None) -> str:
    """manage.py in a subprocess (the settings read DATABASE_URL at import); its stdout.
    A failure stops the bench with the end of its stderr."""
    command = [PY, "manage.py", *args]
    if script is not None:
        command += ["-c", script]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _server_config():
    import dj_database_url

    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        config = dj_database_url.parse(given)
    else:
        try:
            socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        except OSError:
            return None
        config = dj_database_url.parse(LOCAL_SERVER)
    return {
        "host": config["HOST"] or "127.0.0.1", "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres", "password": config["PASSWORD"] or None,
    }  # fmt: skip


def postgres_database(database: str, *, fresh: bool = False) -> str | None:
    """The URL of `database` on DATABASE_URL's server (when it is PostgreSQL) or on
    127.0.0.1:5432, created when missing (dropped first when `fresh`); None when no server
    answers. The database named in DATABASE_URL itself is never touched."""
    import psycopg

    server = _server_config()
    if server is None:
        return None
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{database}"


@dataclass
class Server:
    base: str
    pid: int  # the master, leader of the process group (workers are in it)

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its live workers (Linux /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # after the name: state, ppid, pgrp, … utime (12th), stime (13th)
            if int(fields[2]) == self.pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total


@contextmanager
def gunicorn(env, *, log_path: Path, workers: int = 4, threads: int = 1, timeout: int = 120,
             access_log: Path | None = None, access_format: str = ""):
    """gunicorn serving chibo.wsgi on a free port of 127.0.0.1, in its own process group:
    leaving the block stops the master and every worker (SIGTERM to the group, SIGKILL
    after 30 s), whatever happened inside. `access_log`: one line per request in
    `access_format` (gunicorn's access log atoms)."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    command = [
        str(GUNICORN), "chibo.wsgi", "-w", str(workers), "--threads", str(threads),
        "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", str(timeout),
        "--backlog", "4096",
    ]  # fmt: skip
    if access_log is not None:
        command += ["--access-logfile", str(access_log), "--access-logformat", access_format]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log_path}")
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield Server(base, server.pid)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        except ProcessLookupError:
            pass
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser: its cookies, posts with the CSRF token as a form does, redirects
    returned rather than followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, username: str, password: str) -> "Browser":
        status, body = self.get("/login/")
        assert status == 200, f"the login page answered {status}: {body[:300]}"
        status, _ = self.post("/login/", {"username": username, "password": password})
        assert status == 302, f"login of {username} answered {status}"
        return self


def base_of(page: str, section: str) -> str | None:
    """The record page's hidden base for one section's form, when the page has one."""
    match = re.search(
        rf'name="section" value="{section}">(.*?)</form>', page, re.S
    )
    if match is None:
        return None
    found = re.search(r'name="base" value="([^"]*)"', match.group(1))
    return found and found.group(1).replace("&quot;", '"')
