using System.Globalization;
using System.Text;

namespace PruneBench.Core.Engine;

/// <summary>Formats a set of layer indices for results: "2", "3-27", "1,4,8-10".</summary>
public static class LayerRanges
{
    public static string Format(IReadOnlyList<int> ascending)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < ascending.Count;)
        {
            var j = i;
            while (j + 1 < ascending.Count && ascending[j + 1] == ascending[j] + 1)
            {
                j++;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(ascending[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                sb.Append('-').Append(ascending[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return sb.ToString();
    }
}
