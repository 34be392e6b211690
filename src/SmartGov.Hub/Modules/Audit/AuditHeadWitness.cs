using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// Copies a signed head, at most every <see cref="AuditOptions.HeadWitnessSeconds"/>, to a file outside the database
/// (<see cref="AuditOptions.HeadWitnessFile"/>: an append-only file on another machine's share or on write-once
/// storage). Someone who can rewrite the database can cut the log cleanly (entries, nodes and heads after some point,
/// all together) and what remains agrees with itself; the witness file still holds a head signed for the longer log,
/// and <c>sgov audit verify</c> uses the newest head in it as its reference, so the cut is named.
/// </summary>
public sealed class AuditHeadWitness(IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditHeadWitness> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    // Called by the sequencer only, one batch at a time (its own gate), so no lock of its own.
    private long _lastAt = long.MinValue;

    /// <summary>Appends the head (one JSON line, flushed to disk) unless one was written within the interval; never throws.</summary>
    public async Task RecordAsync(SignedTreeHead head, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(head);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.HeadWitnessFile))
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (_lastAt != long.MinValue && now - _lastAt < o.HeadWitnessSeconds * 1000L)
        {
            return;
        }
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(o.HeadWitnessFile));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(head.ToDto(), Json) + "\n");
            await using var file = new FileStream(o.HeadWitnessFile, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
            await file.WriteAsync(line, ct);
            file.Flush(flushToDisk: true);
            _lastAt = now;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The head is committed in the database either way; the next batch tries again.
            logger.LogWarning(ex, "Could not write the signed head {TreeSize} to the witness file {File}", head.TreeSize, o.HeadWitnessFile);
        }
    }

    /// <summary>
    /// The head for the largest tree in a witness file (lines that are not a head, e.g. one cut short by a crash, are
    /// skipped), or null if the file has none.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SignedTreeHead? ReadNewest(string path)
    {
        SignedTreeHead? newest = null;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                var head = JsonSerializer.Deserialize<SignedTreeHeadDto>(line, Json)?.ToHead();
                if (head is not null && (newest is null || head.TreeSize > newest.TreeSize))
                {
                    newest = head;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                // not a head: skipped
            }
        }
        return newest;
    }
}
