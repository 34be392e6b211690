using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SmartGov.Gateway;

/// <summary>
/// The gateway's OpenTelemetry meter <c>SmartGov.Gateway</c> (exported by SmartGov.ServiceDefaults, which listens to
/// <c>SmartGov.*</c>): exchanges and their durations per side, client, service and error — metadata only, never payloads,
/// the same figures the gateway reports to the exchange management center.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "SmartGov.Gateway";

    private readonly Counter<long> _exchanges;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _transferBytes;

    public GatewayMetrics(IMeterFactory meters, GatewayContext gw)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gw);
        var meter = meters.Create(MeterName, "1.0");
        _exchanges = meter.CreateCounter<long>(
            "smartgov.gateway.exchanges", "{exchange}", "Exchanges logged, refused ones included, by side, client, service, status class and error.");
        _duration = meter.CreateHistogram<double>(
            "smartgov.gateway.exchange.duration", "ms", "Time from the request's arrival at this gateway to its log record.");
        _transferBytes = meter.CreateCounter<long>("smartgov.gateway.transfer.bytes", "By", "Bulk transfer chunk bytes sent (out) and received (in).");
        meter.CreateObservableCounter("smartgov.gateway.signatures", () => gw.Signer.Signatures, "{signature}", "SM2 signatures made (one per batch).");
        meter.CreateObservableCounter("smartgov.gateway.signed_messages", () => gw.Signer.Messages, "{message}", "Messages signed.");
        meter.CreateObservableGauge("smartgov.gateway.log.size", () => gw.Log.TreeSize, "{record}", "Records in the message log (all segments).");
    }

    public void Exchange(string side, string client, string service, int status, string? error, double durationMs)
    {
        var tags = new TagList
        {
            { "side", side },
            { "client", client },
            { "service", service },
            { "status_class", status / 100 + "xx" },
            { "error", error ?? "" },
        };
        _exchanges.Add(1, tags);
        _duration.Record(durationMs, tags);
    }

    public void TransferBytes(string direction, string service, long bytes) =>
        _transferBytes.Add(bytes, new KeyValuePair<string, object?>("direction", direction), new KeyValuePair<string, object?>("service", service));
}
