#!/usr/bin/env bash
# Make sure matplotlib can find a real Chinese (CJK) font; install one on Debian/Ubuntu if we can.
set -u
PY="${1:-.venv/bin/python}"
check() { "$PY" -c "from analysis.charts import find_cjk_font; print(find_cjk_font())" 2>/dev/null; }
if font=$(check); then echo "中文字体 / CJK font: $font"; exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "正在安装中文字体 fonts-wqy-microhei / installing a CJK font …"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || true
  fi
fi
if font=$(check); then echo "中文字体 / CJK font: $font"; exit 0; fi
"$PY" - <<'PY'
import sys
from analysis.charts import find_cjk_font
from analysis.errors import FontError
try:
    find_cjk_font()
except FontError as e:  # the install instructions, without a traceback
    print(f"错误 / error: {e}", file=sys.stderr)
    sys.exit(1)
PY
exit 1
