#!/usr/bin/env bash
# Renders a QualStation certificate.html into a PNG with headless Chromium, so a person can look at the page
# (or attach the picture to a review) without opening a browser.
#
# Usage:
#   scripts/render-certificate.sh RUN_DIR_OR_HTML [OUTPUT.png] [WIDTH] [HEIGHT]
#
#   RUN_DIR_OR_HTML  a run directory containing certificate.html, or the path of an .html file
#   OUTPUT.png       where to write the picture (default: certificate.png beside the HTML)
#   WIDTH, HEIGHT    window size in CSS pixels (default 1100 × 6000: the whole certificate of a 416-lane run)
#
# Also writes OUTPUT.pdf (the printed form, A4, through the page's @media print style) when PDF=1 is set.
#
# Needs Chromium: `apt-get install chromium` on Debian/Ubuntu (the binary is `chromium`; `chromium-browser` and
# `google-chrome` are used when that is what is installed). The certificate is self-contained (no scripts, no
# network), so rendering needs no network access; --no-sandbox is passed only when running as root, where
# Chromium refuses to start with its sandbox.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

input="$1"
if [[ -d "$input" ]]; then
    input="$input/certificate.html"
fi
if [[ ! -f "$input" ]]; then
    echo "render-certificate: no such file: $input" >&2
    exit 1
fi
html="$(cd "$(dirname "$input")" && pwd)/$(basename "$input")"
output="${2:-$(dirname "$html")/certificate.png}"
width="${3:-1100}"
height="${4:-6000}"

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [[ -z "$browser" ]]; then
    echo "render-certificate: Chromium is not installed; install it with: apt-get install chromium" >&2
    exit 1
fi

flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
       --disable-extensions --disable-background-networking --mute-audio)
if [[ "$(id -u)" == "0" ]]; then
    flags+=(--no-sandbox)
fi

# A throw-away profile, so the run neither reads nor changes the user's browser profile.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

"$browser" "${flags[@]}" --user-data-dir="$profile" --window-size="$width,$height" \
    --screenshot="$output" "file://$html" 2>/dev/null
if [[ ! -s "$output" ]]; then
    echo "render-certificate: $browser did not write $output" >&2
    exit 1
fi
echo "wrote $output"

if [[ "${PDF:-0}" == "1" ]]; then
    pdf="${output%.png}.pdf"
    "$browser" "${flags[@]}" --user-data-dir="$profile" --no-pdf-header-footer \
        --print-to-pdf="$pdf" "file://$html" 2>/dev/null
    echo "wrote $pdf"
fi
