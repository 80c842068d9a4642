#!/usr/bin/env bash
# Retakes the screenshots of the demo's published site that docs/publish.md shows (docs/img/publish-*.png):
# publishes the shipped results with the Release harness, exactly as docs/publish.md says, then photographs
# the pages in headless Chromium, 1200 px wide, and writes small palette PNGs over the committed ones.
#
#   tools/screenshots.sh            # about 10 s; the site itself is published into a temporary folder
#
# Needs dotnet, Debian's chromium, ImageMagick's convert and pngquant:
#   apt-get install -y chromium imagemagick pngquant
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
img="$repo/docs/img"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/site"

for tool in dotnet chromium convert pngquant; do
  if ! command -v "$tool" >/dev/null; then
    echo "screenshots.sh: '$tool' is not installed (apt-get install -y chromium imagemagick pngquant; dotnet for the harness)" >&2
    exit 2
  fi
done

# The same inputs as docs/publish.md's "The demo's site".
(cd "$repo" && dotnet run --project Harness/PruneBench.Harness -c Release -- \
  publish results/synth-cpu results/h200-speed docs/analysis --out "$site")

# shoot NAME PAGE ANCHOR HEIGHT: docs/img/NAME.png is PAGE scrolled to #ANCHOR (empty: the top), HEIGHT px of
# it, less the blank rows below the last content. Chromium's --screenshot with a #fragment in the URL comes out
# blank, so a copy of the page is framed in a viewport-sized iframe, which does scroll to it. The copy differs
# from PAGE only by a <base> (its plots and links resolve in the site) and a viewport of blank space below the
# end, so that a section near the end still scrolls to the top of the picture.
shoot() {
  local name=$1 page=$2 anchor=$3 height=$4
  local copy="$work/$name-page.html" frame="$work/$name.html" raw="$work/$name.png"
  [ -e "$site/$page" ] || { echo "screenshots.sh: the published site has no $page" >&2; exit 1; }
  sed "s|<head>|<head><base href=\"file://$site/\"><style>html{padding-bottom:100vh}</style>|" "$site/$page" >"$copy"
  cat >"$frame" <<HTML
<!DOCTYPE html><html><head><style>html,body{margin:0;overflow:hidden}
iframe{border:0;width:100vw;height:100vh;display:block}</style></head>
<body><iframe src="file://$copy${anchor:+#$anchor}"></iframe></body></html>
HTML
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="1200,$height" \
    --screenshot="$raw" "file://$frame" >"$work/chromium.log" 2>&1 \
    || { cat "$work/chromium.log" >&2; exit 1; }
  [ -s "$raw" ] || { cat "$work/chromium.log" >&2; exit 1; }
  # %@ is the bounding box of the non-background pixels, WxH+X+Y: keep 24 px of white below it.
  local box bottom
  box=$(convert "$raw" -format '%@' info:)
  bottom=$(echo "$box" | awk -F'[x+]' -v h="$height" '{ b = $2 + $4 + 24; print (b < h ? b : h) }')
  convert "$raw" -crop "1200x$bottom+0+0" +repage "$work/$name-cropped.png"
  # A 256-colour palette keeps text and plots sharp at a third of the size; pngquant exits 98 or 99 when the
  # palette would be larger or worse than asked, and then the lossless crop is kept.
  local rc=0
  pngquant --force --skip-if-larger --strip --quality=70-95 --output "$img/$name.png" "$work/$name-cropped.png" || rc=$?
  case $rc in
    0) ;;
    98 | 99) cp "$work/$name-cropped.png" "$img/$name.png" ;;
    *) echo "screenshots.sh: pngquant failed on $name (exit $rc)" >&2; exit 1 ;;
  esac
  echo "$img/$name.png: 1200x$bottom, $(stat -c %s "$img/$name.png") bytes"
}

# The heights are what each picture is meant to hold: the whole index; the top of the synth-nemotronh page down
# to its first row of per-layer plots; that page from its per-task table to the end; the whole speed-only page.
shoot publish-index index.html "" 1600
shoot publish-synth-nemotronh synth-nemotronh-synth.html "" 2056
shoot publish-synth-nemotronh-tasks synth-nemotronh-synth.html per-task 1600
shoot publish-nemotron-nano-12b-v2 nemotron-nano-12b-v2-random.html "" 1600
