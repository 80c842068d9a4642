using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneBench.Harness.Tests.Publishing;

/// <summary>
/// Debian's chromium, started headless by the test and driven over the DevTools protocol on loopback: opens a
/// page, waits for its load event, and reports console errors, uncaught exceptions, failed loads and the
/// state of every image. One page target, one command at a time.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly List<string> _errors = [];
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The chromium binary: $PRUNEBENCH_CHROMIUM, else chromium or chromium-browser on PATH; null when none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("PRUNEBENCH_CHROMIUM") is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts <paramref name="binary"/> headless and attaches to its blank page.</summary>
    public static async Task<HeadlessChromium> StartAsync(string binary, CancellationToken cancel)
    {
        var profile = Path.Combine(Path.GetTempPath(), "prunebench-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root, where chromium refuses its sandbox.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
                     "--remote-allow-origins=*", "--allow-file-access-from-files", $"--user-data-dir={profile}", "--window-size=1200,900", "about:blank" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start.");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await browser.ReadDevToolsEndpointAsync(cancel);
            var port = new Uri(endpoint).Port;
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), cancel))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancel);
            foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable" })
            {
                await browser.SendAsync(domain, null, cancel);
            }

            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> and waits for its load event; returns the errors seen while it loaded.</summary>
    public async Task<IReadOnlyList<string>> OpenAsync(string file, CancellationToken cancel)
    {
        _errors.Clear();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri }, cancel);
        await ReadUntilAsync(null, "Page.loadEventFired", cancel);
        return [.. _errors];
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page; returns its value as JSON.</summary>
    /// <exception cref="InvalidOperationException">The expression threw.</exception>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancel)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancel);
        if (result?["exceptionDetails"] is { } e)
        {
            throw new InvalidOperationException($"Page script failed: {e.ToJsonString()}");
        }

        return result?["result"]?["value"];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium's helpers may still hold a file for a moment; the OS cleans the temp folder.
        }
    }

    private async Task<string> ReadDevToolsEndpointAsync(CancellationToken cancel)
    {
        // chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
        var seen = new StringBuilder();
        while (await _process.StandardError.ReadLineAsync(cancel) is { } line)
        {
            seen.AppendLine(line);
            const string marker = "DevTools listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep draining stderr so that chromium never blocks on a full pipe.
                _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return line[(at + marker.Length)..].Trim();
            }
        }

        throw new InvalidOperationException($"chromium exited without a DevTools endpoint:\n{seen}");
    }

    private async Task<JsonNode?> SendAsync(string method, JsonObject? parameters, CancellationToken cancel)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel);
        var reply = await ReadUntilAsync(id, null, cancel);
        if (reply["error"] is { } error)
        {
            throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
        }

        return reply["result"];
    }

    /// <summary>Reads messages, recording errors, until the reply to <paramref name="id"/> or the event <paramref name="awaited"/>.</summary>
    private async Task<JsonNode> ReadUntilAsync(int? id, string? awaited, CancellationToken cancel)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await _socket.ReceiveAsync(buffer, cancel);
                text.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);

            var message = JsonNode.Parse(text.ToArray())!;
            var method = (string?)message["method"];
            Record(method, message["params"]);
            if ((id is not null && (int?)message["id"] == id) || (awaited is not null && method == awaited))
            {
                return message;
            }
        }
    }

    private void Record(string? method, JsonNode? p)
    {
        if (p is null)
        {
            return;
        }

        if (method == "Runtime.exceptionThrown")
        {
            _errors.Add("exception: " + p["exceptionDetails"]);
        }
        else if (method == "Runtime.consoleAPICalled" && Text(p, "type") is "error" or "assert")
        {
            _errors.Add("console." + Text(p, "type") + ": " + p["args"]);
        }
        else if (method == "Log.entryAdded" && p["entry"] is JsonObject entry && Text(entry, "level") == "error")
        {
            _errors.Add("log: " + Text(entry, "text") + " at " + Text(entry, "url"));
        }
    }

    private static string? Text(JsonNode node, string key) => node[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
