#!/usr/bin/env bash
# Packs what tools/peer/device_run.sh runs on the GPU machine (prunebench, LayerProfile, the GPU tests) into .device/,
# as small as it goes: the working tree, .device and .peer travel together under 64 MiB, and the tree alone is ~27 MB.
#   .device/dotnet.tar.xz  the .NET runtime (../shared/device/pack-dotnet.sh), recompressed with xz -9e (26.4 → 25.3 MB)
#   .device/apps.tar.xz    the three apps without satellite locales, .pdb files and code-coverage collectors (≈ 13 MB)
# Prints what will travel against the limit. Training calls pack differently (tools/train/pack_exporter.sh); the two
# do not fit in one call.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
rm -rf .device
bash ../shared/device/pack-dotnet.sh Harness/PruneBench.Harness/PruneBench.Harness.csproj tools/peer/LayerProfile/LayerProfile.csproj \
  tests/PruneBench.Gpu.Tests/PruneBench.Gpu.Tests.csproj > /dev/null
for app in .device/app/*/; do
  (cd "$app" && rm -rf cs de es fr it ja ko pl pt-BR ru tr zh-Hans zh-Hant ./*.pdb ./*CodeCoverage*)
done
(cd .device && tar -cf - app | xz -9e -T0 > apps.tar.xz && rm -rf app)
xz -dc .device/dotnet.tar.xz | xz -9e -T0 > .device/dotnet.tar.xz.new && mv .device/dotnet.tar.xz.new .device/dotnet.tar.xz
tracked=$(git ls-files -z | xargs -0 du -cb | tail -1 | cut -f1)
carried=$(du -cb .device .peer 2>/dev/null | tail -1 | cut -f1)
echo "travels: tree $((tracked / 1000000)) MB + .device/.peer $((carried / 1000000)) MB = $(((tracked + carried) / 1000000)) MB (limit 67.1 MB = 64 MiB)"
