#!/usr/bin/env bash
# What the package needs from the system, installed on Debian/Ubuntu when missing (root or sudo):
#   * a real Chinese (CJK) font for the charts and the PDF      → fonts-wqy-microhei
#   * Pango, the text layout library WeasyPrint uses for 月报.pdf → libpango-1.0-0 libpangoft2-1.0-0
#   * with --browser: Debian's chromium, which the tests use to load every page at 1280 px, and
#     poppler-utils (pdffonts, pdftotext, pdfdetach), which the tests use to look inside 月报.pdf
# Usage: ensure-system.sh PYTHON [--browser]
set -u
PY="${1:-.venv/bin/python}"
BROWSER="${2:-}"
font_ok() { "$PY" -c "from analysis.charts import find_cjk_font; find_cjk_font()" >/dev/null 2>&1; }
pdf_ok() { "$PY" -c "import weasyprint" >/dev/null 2>&1; }
browser_ok() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
poppler_ok() { command -v pdffonts >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfdetach >/dev/null 2>&1; }

need=()
font_ok || need+=(fonts-wqy-microhei)
pdf_ok || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ "$BROWSER" = "--browser" ] && ! browser_ok && need+=(chromium)
[ "$BROWSER" = "--browser" ] && ! poppler_ok && need+=(poppler-utils)

if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "正在安装系统依赖 / installing: ${need[*]} …"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 || true
  fi
fi

status=0
if font_ok; then
  echo "中文字体 / CJK font: $("$PY" -c 'from analysis.charts import find_cjk_font; print(find_cjk_font())')"
else
  "$PY" - <<'PY'
import sys
from analysis.charts import find_cjk_font
from analysis.errors import FontError
try:
    find_cjk_font()
except FontError as e:  # the install instructions, without a traceback
    print(f"错误 / error: {e}", file=sys.stderr)
PY
  status=1
fi
if ! pdf_ok; then
  echo "错误 / error: 生成 PDF 需要 Pango 库：sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 / WeasyPrint needs Pango" >&2
  status=1
fi
if [ "$BROWSER" = "--browser" ] && ! browser_ok; then
  echo "错误 / error: 测试需要 Chromium：sudo apt-get install chromium / the tests need chromium" >&2
  status=1
fi
if [ "$BROWSER" = "--browser" ] && ! poppler_ok; then
  echo "错误 / error: 测试需要 poppler-utils（pdffonts、pdftotext）：sudo apt-get install poppler-utils / the tests need poppler-utils" >&2
  status=1
fi
exit $status
