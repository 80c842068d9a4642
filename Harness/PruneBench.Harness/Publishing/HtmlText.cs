using System.Net;
using System.Text;

namespace PruneBench.Harness.Publishing;

/// <summary>
/// The HTML shell of every page: encoding, one inline stylesheet, no script and nothing fetched from the
/// network, so a site opens from disk anywhere.
/// </summary>
public static class HtmlText
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 1.5em auto; max-width: 1150px; color: #222; padding: 0 1em; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; vertical-align: top; }
        th { background: #f3f3f3; } td.l, th.l { text-align: left; }
        code { font-size: 0.85em; word-break: break-all; }
        small { color: #555; }
        figure { display: inline-block; margin: 0.4em; width: 48%; vertical-align: top; }
        figure img { width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 0.85em; color: #444; }
        .note { background: #fff8e0; border: 1px solid #e8d9a0; padding: 0.5em 0.8em; }
        """;

    /// <summary>HTML-encodes <paramref name="text"/>.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A complete page: <paramref name="body"/> is HTML already.</summary>
    public static string Page(string title, string body)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append(body);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>A figure showing <paramref name="file"/> with its title and caption.</summary>
    public static string Figure(Plotting.PlotFile file) =>
        $"<figure><img src=\"{E(file.FileName)}\" alt=\"{E(file.Title)}\"><figcaption><b>{E(file.Title)}.</b> {E(file.Caption)}</figcaption></figure>\n";
}
