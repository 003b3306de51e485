#!/usr/bin/env bash
# Renders the first page of a sample as the README shows it:
# speechdoc → DOCX → LibreOffice → PDF → PNG, with the CJK stand-in fonts of scripts/fontconfig.
# Usage: scripts/render-preview.sh [SAMPLE] [OUTPUT.png] [STYLE]
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-Samples/01-rural-revitalization.txt}
output=${2:-docs/sample-page-1.png}
style=${3:-gbt9704}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/debug/speechdoc convert "$sample" -o "$work/page.docx" --style "$style"
FONTCONFIG_FILE="$PWD/Styles/fonts.conf" soffice -env:UserInstallation="file://$work/profile" \
    --headless --convert-to pdf --outdir "$work" "$work/page.docx" >/dev/null
[ -f "$work/page.pdf" ] || { echo "speechdoc: LibreOffice wrote no PDF" >&2; exit 1; }
pdftoppm -r 80 -f 1 -l 1 -png -singlefile "$work/page.pdf" "${output%.png}"
echo "$output"
