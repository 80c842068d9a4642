using System.Globalization;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Parameters;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>Reads resolved values back from a configuration's canonical parameters.</summary>
public static class Canonical
{
    public static string Text(IConfiguredMethod configured, string key) =>
        ParameterText.ParsePairs(configured.CanonicalParameters, "test")[key];

    public static double Number(IConfiguredMethod configured, string key) =>
        double.Parse(Text(configured, key), NumberStyles.Float, CultureInfo.InvariantCulture);
}
