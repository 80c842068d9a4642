#!/usr/bin/env bash
# Issue 11 measurements on the GPU machine, in one `run` call (repository root; .device packed, .peer carried):
#   bash tools/peer/device_run.sh OUT STAGE...   stages: smoke tests torchtests bf16 speed16 profile16 profile16reduce selection alloc16 vlm final finaltorch reduce16 reduce64 hybrid benchsmoke
# Prepare here: bash tools/peer/pack_gpu_apps.sh (the three apps and the .NET runtime in .device/, compressed to fit
#   the 64 MiB the call carries; it prints the total), and
#   mamba_ssm's Triton files in .peer/mamba_ssm (public source from github.com/state-spaces/mamba: mamba_ssm/ops/triton/ssd_*.py,
#   layernorm_gated.py, k_activations.py, softplus.py and mamba_ssm/utils/{torch,determinism}.py with empty __init__.py files;
#   .peer/ is git-ignored and never committed)
set -uo pipefail
out=$1; shift
source .device/env.sh
# The published apps travel compressed (the carried tree is limited to 64 MiB).
[ -f .device/apps.tar.xz ] && tar -C .device -xJf .device/apps.tar.xz
export MAMBA_SSM_SRC=$PWD/.peer PYTHONUNBUFFERED=1
PB="dotnet .device/app/PruneBench.Harness/prunebench.dll"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/device.txt"
python3 -c "import torch,transformers;print('torch',torch.__version__,'transformers',transformers.__version__)" | tee -a "$out/device.txt"
for stage in "$@"; do
  echo "=== $stage $(date +%T)"
  case $stage in
    smoke)
      $PB infer --backend torch --model tests/fixtures/llama --input tests/fixtures/llama/reference.safetensors --dump /tmp/smoke 2>&1 | tail -3 ;;
    tests)
      PRUNEBENCH_GPU_REPORT=$out/gpu-report.txt timeout 400 dotnet .device/app/PruneBench.Gpu.Tests/PruneBench.Gpu.Tests.dll \
        -reporter verbose -class- "*PresetPrefillTests" > "$out/gpu-tests.log" 2>&1; echo "gpu tests rc=$?"; grep -E "Failed|\[FAIL\]|Total|Passed:|Skipped:" "$out/gpu-tests.log" | tail -40 ;;
    torchtests)
      # The Torch backend's parity, fused-kernel, selection and device-path tests only (about 20 s).
      PRUNEBENCH_GPU_REPORT=$out/gpu-report-torch.txt timeout 300 dotnet .device/app/PruneBench.Gpu.Tests/PruneBench.Gpu.Tests.dll \
        -reporter verbose -class "*TorchFusedKernel*" -class "*TorchModelParity*" -class "*TorchBf16ModelParity*" -class "*TorchScorePrunerDevice*" \
        -class "*TorchDenseOps*" -class "*TorchMambaParity*" -class "*TorchSelectionParity*" > "$out/gpu-tests-torch.log" 2>&1; echo "torch gpu tests rc=$?"; grep -E "\[FAIL\]|Total" "$out/gpu-tests-torch.log" | tail -20 ;;
    bf16)
      W=/tmp/bf16; rm -rf $W; mkdir -p $W
      python3 tools/peer/bf16_check.py prepare $W 2>&1 | grep -v Warning | tail -12
      for d in $W/*/; do n=$(basename $d); [ -f $d/model ] || continue
        $PB infer --backend torch --model "$(cat $d/model)" --input $d/input.safetensors --dump $d/ours 2>&1 | grep -v "^Reference" | tail -1; done
      python3 tools/peer/bf16_check.py compare $W | tee "$out/bf16-check.md" ;;
    speed16)
      for m in qwen2-7b nemotron-nano-12b-v2; do
        $PB bench -m $m --methods none --frames 256 --tokens-per-frame 64 --backend torch --repeats 3 --quiet --out /tmp/s16-$m > "$out/bench16-$m.log" 2>&1
        echo "bench rc=$?"; tail -4 "$out/bench16-$m.log"; done
      python3 tools/peer/peer_prefill.py --model qwen2-7b --tokens 16396 --repeats 3 2>&1 | grep -v Warn | tail -2
      python3 tools/peer/peer_prefill.py --model nemotron-nano-12b-v2 --tokens 16396 --repeats 3 2>&1 | grep -v Warn | tail -2 ;;
    profile16)
      for m in qwen2-7b nemotron-nano-12b-v2; do
        dotnet .device/app/LayerProfile/LayerProfile.dll $m torch 16396 3 2>&1 | tee "$out/profile16-$m.csv"; done ;;
    profile16reduce)
      # Issue 12: where a reduced prefill's time goes (the methods' own ops next to the layers they shrink), budget 0.25.
      for method in stateful random fastv; do
        dotnet .device/app/LayerProfile/LayerProfile.dll nemotron-nano-12b-v2 torch 16396 5 1 --method $method --budget 0.25 \
          --plugins .device/app/PruneBench.Harness/plugins 2>&1 | tee "$out/profile16-nemotron-$method.csv"; done ;;
    selection)
      # Issue 12: the short path's own ops alone (implicit attention, blend, decision, compaction) at the hybrid's shapes.
      dotnet .device/app/LayerProfile/LayerProfile.dll nemotron-nano-12b-v2 torch --selection 16384,4096,1024,256,64 2>&1 | tee "$out/selection.txt" ;;
    alloc16)
      for m in qwen2-7b nemotron-nano-12b-v2; do
        dotnet .device/app/LayerProfile/LayerProfile.dll $m torch 16396 5 3 2>&1 | grep "^# tokens" | sed 's/^/async allocator /'
        PYTORCH_CUDA_ALLOC_CONF=backend:native dotnet .device/app/LayerProfile/LayerProfile.dll $m torch 16396 5 3 2>&1 | grep "^# tokens" | sed 's/^/native allocator /'; done ;;
    vlm)
      python3 tools/export/make_vlm_fixtures.py --out $out/vlm > $out/vlm-run.log 2>&1; echo "vlm rc=$?"; tail -15 $out/vlm-run.log ;;
    finaltorch)
      # The docs/performance.md table for the torch backend and the peer (the native backend's row is not re-run).
      for spec in "nemotron-nano-12b-v2 128 256 512 1024" "qwen2-7b 256 512"; do
        set -- $spec; m=$1; shift
        for f in "$@"; do
          $PB bench -m $m --methods none --frames $f --tokens-per-frame 64 --backend torch --repeats 3 --quiet --out /tmp/final/$m-torch-$f >> "$out/final-bench.log" 2>&1
          echo "$m torch frames=$f rc=$?"; cp /tmp/final/$m-torch-$f/results.csv "$out/tmp-$m-torch-$f.csv" 2>/dev/null; done; done
      (cd $out && head -1 $(ls tmp-*.csv | head -1) > final-results.csv && for f in tmp-*.csv; do tail -n +2 $f >> final-results.csv; done && rm -f tmp-*.csv)
      grep -h "none" "$out/final-bench.log" | head -20
      python3 tools/peer/peer_prefill.py --model nemotron-nano-12b-v2 --tokens 8204,16396,32780,65548 --repeats 3 2>&1 | grep -v Warn | tee "$out/final-peer.csv"
      python3 tools/peer/peer_prefill.py --model qwen2-7b --tokens 16396,32780 --repeats 3 2>&1 | grep -v Warn | grep -v "^#\|^model" | tee -a "$out/final-peer.csv" ;;
    reduce64)
      # Issue 12 at 64k visual tokens on the 12B hybrid.
      $PB bench -m nemotron-nano-12b-v2 --methods none,stateful,fastv,random --budgets 0.25 --frames 1024 \
        --tokens-per-frame 64 --backend torch --repeats 3 --quiet --out /tmp/r64 > "$out/reduce64.log" 2>&1; echo "bench rc=$?"
      cp /tmp/r64/results.csv "$out/reduce64-results.csv"; tail -8 "$out/reduce64.log"
      python3 - "$out/reduce64-results.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["model"], r["method"], "p50", round(float(r["prefill_ms_p50"]), 1), "mean", round(float(r["prefill_ms_mean"]), 1),
          "overhead", round(float(r["reducer_overhead_ms"]), 1), "tflops", r["prefill_tflops"], "peak", r["peak_mem_mb"])
PY
      ;;
    final)
      # The docs/performance.md table: ours (torch, native) with `prunebench bench`, then the PyTorch peer, same shapes.
      for spec in "nemotron-nano-12b-v2 128 256 512 1024" "qwen2-7b 256 512"; do
        set -- $spec; m=$1; shift
        for backend in torch native; do for f in "$@"; do
          $PB bench -m $m --methods none --frames $f --tokens-per-frame 64 --backend $backend --repeats 3 --quiet --out /tmp/final/$m-$backend-$f >> "$out/final-bench.log" 2>&1
          echo "$m $backend frames=$f rc=$?"; cp /tmp/final/$m-$backend-$f/results.csv "$out/tmp-$m-$backend-$f.csv" 2>/dev/null; done; done; done
      (cd $out && head -1 $(ls tmp-*.csv | head -1) > final-results.csv && for f in tmp-*.csv; do tail -n +2 $f >> final-results.csv; done && rm -f tmp-*.csv)
      python3 tools/peer/peer_prefill.py --model nemotron-nano-12b-v2 --tokens 8204,16396,32780,65548 --repeats 3 2>&1 | grep -v Warn | tee "$out/final-peer.csv"
      python3 tools/peer/peer_prefill.py --model qwen2-7b --tokens 16396,32780 --repeats 3 2>&1 | grep -v Warn | grep -v "^#\|^model" | tee -a "$out/final-peer.csv" ;;
    reduce16)
      # Issue 12: the short-path methods at budget 0.25, 16k visual tokens, on the torch backend.
      $PB bench -m nemotron-nano-12b-v2,qwen2-7b --methods none,stateful,fastv,random,pool,vas --budgets 0.25 --frames 256 \
        --tokens-per-frame 64 --backend torch --repeats 3 --quiet --out /tmp/r16 > "$out/reduce16.log" 2>&1; echo "bench rc=$?"
      cp /tmp/r16/results.csv "$out/reduce16-results.csv"; tail -20 "$out/reduce16.log"
      python3 - "$out/reduce16-results.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["model"], r["method"], "p50", round(float(r["prefill_ms_p50"]), 1), "mean", round(float(r["prefill_ms_mean"]), 1),
          "overhead", round(float(r["reducer_overhead_ms"]), 1), "tflops", r["prefill_tflops"])
PY
      ;;
    hybrid)
      # The hybrid after a kernel change: 16k with the short-path methods at 0.25, and 64k unreduced.
      $PB bench -m nemotron-nano-12b-v2 --methods none,stateful,fastv,random --budgets 0.25 --frames 256 --tokens-per-frame 64 \
        --backend torch --repeats 3 --quiet --out /tmp/h16 > "$out/hybrid16.log" 2>&1; echo "bench rc=$?"; tail -7 "$out/hybrid16.log"
      $PB bench -m nemotron-nano-12b-v2 --methods none --frames 1024 --tokens-per-frame 64 --backend torch --repeats 3 --quiet \
        --out /tmp/h64 > "$out/hybrid64.log" 2>&1; echo "bench rc=$?"; tail -2 "$out/hybrid64.log"
      cp /tmp/h16/results.csv "$out/hybrid16-results.csv"; cp /tmp/h64/results.csv "$out/hybrid64-results.csv" ;;
    benchsmoke)
      $PB bench -m qwen2-7b --methods none --frames 16 --tokens-per-frame 64 --backend torch --repeats 1 --quiet --out /tmp/bs > "$out/benchsmoke.log" 2>&1; echo "bench rc=$?"; tail -5 "$out/benchsmoke.log" ;;
  esac
done
