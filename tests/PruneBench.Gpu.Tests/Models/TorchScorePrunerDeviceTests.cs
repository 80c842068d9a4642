using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary><see cref="ScorePrunerDeviceTests"/> on the Torch backend in fp32 mode (libtorch composites).</summary>
public sealed class TorchScorePrunerDeviceTests(TorchFixture fixture) : ScorePrunerDeviceTests(fixture);
