using System.Text.Json.Nodes;
using PruneBench.Harness.Publishing;
using PruneBench.Harness.Tests.Infrastructure;

namespace PruneBench.Harness.Tests.Publishing;

public sealed class SiteInChromiumTests
{
    // Every image's state, every local link, and the page heading, read from the rendered DOM.
    private const string Inspect = """
        JSON.stringify({
          images: Array.from(document.images).map(i => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 })),
          links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
          heading: document.querySelector('h1') ? document.querySelector('h1').textContent : ''
        })
        """;

    [Fact]
    public async Task Every_page_of_the_published_demo_site_renders_in_headless_chromium_with_its_plots_and_no_console_error()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip("chromium is not installed (Debian: apt-get install -y chromium); the site was not opened in a browser.");
        }

        using var site = new TempFolder();
        PublishService.Run(
            [Path.Combine(RepositoryPaths.Root, "results", "synth-cpu"), Path.Combine(RepositoryPaths.Root, "results", "h200-speed"), Path.Combine(RepositoryPaths.Root, "docs", "analysis")],
            site.Path, TextWriter.Null);
        var pages = Directory.GetFiles(site.Path, "*.html").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, pages.Length); // index + synth-qwen2, synth-nemotronh on synth + two presets on random

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var browser = await HeadlessChromium.StartAsync(chromium, cancel.Token);
        foreach (var page in pages)
        {
            var errors = await browser.OpenAsync(page, cancel.Token);
            Assert.True(errors.Count == 0, $"{Path.GetFileName(page)}: {string.Join("\n", errors)}");

            var dom = JsonNode.Parse((string)(await browser.EvaluateAsync(Inspect, cancel.Token))!)!;
            var images = dom["images"]!.AsArray();
            Assert.True(images.Count > 0 || Path.GetFileName(page) == PublishService.IndexFileName, $"{Path.GetFileName(page)} shows no plot.");
            Assert.All(images, i => Assert.True((bool)i!["ok"]!, $"{Path.GetFileName(page)}: plot {i!["src"]} did not render."));
            Assert.All(dom["links"]!.AsArray(), l => Assert.True(File.Exists(Path.Combine(site.Path, (string)l!)), $"{Path.GetFileName(page)}: link {l} leads nowhere."));
            Assert.False(string.IsNullOrWhiteSpace((string?)dom["heading"]), $"{Path.GetFileName(page)} has no heading.");
        }

        // The analysis pages carry the per-layer plots next to the Pareto plot.
        var qwen = JsonNode.Parse(await OpenAndInspect(browser, site.File("synth-qwen2-synth.html"), cancel.Token))!;
        Assert.Contains(qwen["images"]!.AsArray(), i => ((string)i!["src"]!).EndsWith("-retention.svg", StringComparison.Ordinal));
        Assert.Contains(qwen["images"]!.AsArray(), i => ((string)i!["src"]!).Contains("-density-none", StringComparison.Ordinal));
    }

    private static async Task<string> OpenAndInspect(HeadlessChromium browser, string page, CancellationToken cancel)
    {
        await browser.OpenAsync(page, cancel);
        return (string)(await browser.EvaluateAsync(Inspect, cancel))!;
    }
}
