"""Test helpers that look at built pages as a reader's browser and eye would: headless Chromium at a
given width (tables or images wider than their container), and the tables of a page as text."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

CHECK = """<script>
(function(){
  var vw = document.documentElement.clientWidth, bad = [];
  document.querySelectorAll('table').forEach(function(t, i){
    var r = t.getBoundingClientRect(), p = t.parentElement, clipped = false;
    while (p && p !== document.body) {
      if (p.scrollWidth > p.clientWidth + 2) { clipped = true; break; }
      p = p.parentElement;
    }
    if (r.right > vw + 2 || clipped) {
      var h = t.querySelector('th');
      bad.push((h ? h.textContent.trim().slice(0, 12) : '') + ' ' + Math.round(t.scrollWidth));
    }
  });
  document.querySelectorAll('img').forEach(function(im){
    var p = im.parentElement;
    var w = im.getBoundingClientRect();
    if (w.right > vw + 2 || (p && w.width > p.clientWidth + 2)) bad.push('img ' + Math.round(w.width));
  });
  document.body.setAttribute('data-check', JSON.stringify({tables: document.querySelectorAll('table').length, wide: bad}));
})();
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return name
    raise AssertionError("测试需要 Debian 的 chromium（make test 会安装）/ chromium not found: run make test")


def too_wide(page: Path, width: int = 1280) -> dict:
    """Load ``page`` at ``width`` px; returns {tables: n, wide: [what is wider than its container]}."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as profile:
        copy = Path(tmp) / "page.html"
        copy.write_text(page.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"), encoding="utf-8")
        out = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", f"--user-data-dir={profile}",
                              f"--window-size={width},900", "--dump-dom", copy.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'data-check="([^"]*)"', out)
    assert found, f"Chromium 未能载入 {page.name}"
    return json.loads(html.unescape(found.group(1)))


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page_html: str) -> list[list[list[str]]]:
    """Every table of a page as rows of cell texts (header row first)."""
    p = _Tables()
    p.feed(page_html)
    return p.tables


def cell(page_html: str, row_label: str, column: str) -> list[str]:
    """The texts in ``column`` of every table row whose first cell is ``row_label``."""
    found = []
    for t in tables(page_html):
        if not t or column not in t[0]:
            continue
        j = t[0].index(column)
        found += [r[j] for r in t[1:] if r and r[0] == row_label and len(r) > j]
    return found


class Tab:
    """A headless Chromium page driven over the DevTools protocol (for pages that need their scripts and a
    live server: the Voilà explorer).  ``js(expr)`` evaluates in the page; ``wait_for(expr)`` polls."""

    def __init__(self, port: int):
        import urllib.request

        self._profile = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                      f"--remote-debugging-port={port}", f"--user-data-dir={self._profile.name}",
                                      "--window-size=1280,2000", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import time

        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                self.ws_url = next(t["webSocketDebuggerUrl"] for t in tabs if t["type"] == "page")
                break
            except Exception:   # noqa: BLE001 - not listening yet
                time.sleep(0.2)
        else:
            self.close()
            raise AssertionError("Chromium 的调试端口未能打开")
        from websockets.sync.client import connect

        self._connection = connect(self.ws_url, max_size=50_000_000)
        self.ws = self._connection.__enter__()
        self._n = 0

    def call(self, method: str, **params):
        self._n += 1
        self.ws.send(json.dumps({"id": self._n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=60))
            if msg.get("id") == self._n:
                return msg.get("result", msg)

    def js(self, expr: str):
        return self.call("Runtime.evaluate", expression=expr, returnByValue=True).get("result", {}).get("value")

    def wait_for(self, expr: str, seconds: float = 60) -> bool:
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.js(expr):
                return True
            time.sleep(0.25)
        return False

    def close(self):
        try:
            self._connection.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - already closed
            pass
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self._profile.cleanup()
