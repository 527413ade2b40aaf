"""A small HTTP client for the benchmark: one keep-alive connection, cookies, CSRF-aware login."""

import http.client
import re
import time
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Session:
    """A browser, reduced to what the benchmark needs; `port` can change between requests (the
    same cookie then continues on another app process)."""

    def __init__(self, port, host="127.0.0.1", timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.last_headers = None  # the last response's headers (an ETag, for example)
        self._connection = None

    def _connect(self):
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._connection

    def switch_port(self, port):
        self.close()
        self.port = port

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method, path, form=None, headers=None, retry=True):
        """Returns (status, body bytes, seconds). retry=False: a dropped connection raises at
        once (the fault test must never send a write twice)."""
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                connection = self._connect()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: one fresh try.
                self.close()
                if attempt == 2 or not retry:
                    raise
        elapsed = time.perf_counter() - started
        self.last_headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, data, elapsed

    def login(self, email, password):
        status, page, _ = self.request("GET", "/login")
        match = _CSRF.search(page.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"no login form (HTTP {status})")
        status, _, _ = self.request(
            "POST",
            "/login",
            {"csrf_token": match.group(1), "email": email, "password": password},
        )
        if status != 302:
            raise RuntimeError(f"login refused (HTTP {status})")
