#!/usr/bin/env bash
# Packs the synth exporter for the GPU machine (which has no .NET) as one self-contained, trimmed program:
# .device/exporter.tar.xz (≈ 9.5 MB) instead of the .NET runtime (26 MB) + the framework-dependent app (≈ 4 MB), so a
# training call's tree (repository ≈ 32 MB with the deep models and their state, + Triton's cache 11 MB) stays under
# the machine's 64 MiB. TrimMode=partial trims only the framework's trimmable assemblies; reflection-based JSON stays
# on. Checked on 2026-11-30: its export is byte-identical to the untrimmed exporter's (diff -r of `train 8:30,64:10`).
#
#   bash tools/train/pack_exporter.sh        # then: run with carry [".device", ".peer"], bash tools/train/device_train.sh …
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
grep -qxF '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
out=$(mktemp -d)
dotnet publish tools/train/SynthExport/SynthExport.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:JsonSerializerIsReflectionEnabledByDefault=true \
  -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false -p:DebugType=none \
  -p:SatelliteResourceLanguages=en -o "$out/exporter" -nologo -v q
mkdir -p .device
tar -C "$out" -cJf .device/exporter.tar.xz exporter
rm -rf "$out"
du -h .device/exporter.tar.xz
# Everything in .device travels with a training call (tree + carry ≤ 64 MiB): the GPU-test packs of
# ../shared/device/pack-dotnet.sh (.device/dotnet.tar.xz, app/, apps.tar.xz) do not belong beside it.
du -sh .device; ls .device
