using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// What a gateway reports (POST /api/v1/exchange/reports): <c>{"payload": base64 of the report JSON, "signature": base64 DER
/// SM2 over SM3(payload bytes)}</c>, signed with the gateway's registered key. Never payloads: counts, errors by type and
/// latencies per client–service pair, and the message log's signed tree head with a consistency proof from the size
/// the center witnessed last.
/// </summary>
public sealed record SignedGatewayReport(string? Payload, string? Signature);

public sealed record GatewayReportPayload(
    string Member, long SentAt, long? ConfigVersion, long FromIndex, long ToIndex, IReadOnlyList<PairReport>? Pairs, HeadReport? Head,
    ConsistencyReport? Consistency);

public sealed record PairReport(string Side, string Client, string Service, long Calls, IReadOnlyDictionary<string, long>? Errors, double P50Ms, double P95Ms);

public sealed record HeadReport(long TreeSize, string RootHash, long Timestamp, string Signature);

public sealed record ConsistencyReport(long FromSize, IReadOnlyList<string> Proof);

/// <summary>The center's answer: the size it now witnesses, and whether the new head extended the old one.</summary>
public sealed record ReportReceipt(Guid GatewayId, long WitnessedSize, bool Consistent, string? Detail);

public enum ReportRefusal
{
    None,
    Malformed,
    UnknownGateway,
    BadSignature,
    Stale,
    ProofFromWrongSize,
}

public sealed record ReportOutcome(ReportReceipt? Receipt, ReportRefusal Refusal, string? Reason, long WitnessedSize = 0);

public sealed class GatewayReports(SmartGovDbContext db, IAuditSink audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private const int MaxPairs = 2000;

    /// <summary>The bytes a message-log tree head signature covers (docs/exchange-protocol.md, "Message log").</summary>
    public static byte[] HeadBytes(string member, long size, string rootHex, long timestamp) =>
        SmartGov.Exchange.Protocol.MessageLogHeads.HeadBytes(member, size, rootHex, timestamp);

    public async Task<ReportOutcome> AcceptAsync(SignedGatewayReport envelope, CancellationToken ct)
    {
        byte[] payloadBytes, signature;
        GatewayReportPayload? report;
        try
        {
            payloadBytes = Convert.FromBase64String(envelope.Payload ?? "");
            signature = Convert.FromBase64String(envelope.Signature ?? "");
            report = JsonSerializer.Deserialize<GatewayReportPayload>(payloadBytes, _json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return new(null, ReportRefusal.Malformed, "The report is not base64 JSON: " + ex.Message);
        }
        if (report is null || string.IsNullOrEmpty(report.Member) || (report.Pairs?.Count ?? 0) > MaxPairs
            || report.Head is { RootHash: null } or { Signature: null } || report.Consistency is { Proof: null }
            || (report.Consistency?.Proof.Any(p => p is null) ?? false))
        {
            return new(null, ReportRefusal.Malformed, "The report names no member, or has too many pairs.");
        }
        var member = await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == report.Member, ct);
        if (member is null)
        {
            return new(null, ReportRefusal.UnknownGateway, "No such member.");
        }
        var candidates = await db.Set<ExchangeGateway>()
            .Where(g => g.MemberRef == member.Id && (g.Status == GatewayStatus.Approved || g.Status == GatewayStatus.Suspended))
            .ToListAsync(ct);
        var hash = Sm3.Hash(payloadBytes);
        var gateway = candidates.OrderBy(g => g.Status == GatewayStatus.Approved ? 0 : 1)
            .FirstOrDefault(g => Sm2PublicKey.FromPem(g.PublicKeyPem).Verify(hash, signature));
        if (gateway is null)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.ExchangeRequest, AuditOutcomes.Denied, "exchange-report", report.Member,
                ActorType: AuditActorTypes.Gateway, ActorName: report.Member, Details: "report signature does not verify with an approved gateway key"), ct);
            return new(null, candidates.Count == 0 ? ReportRefusal.UnknownGateway : ReportRefusal.BadSignature,
                "The report is not signed by an approved gateway of the member.");
        }
        var now = clock.GetUtcNow();
        if (report.SentAt <= gateway.LastReportSentAt || Math.Abs(now.ToUnixTimeMilliseconds() - report.SentAt) > 10 * 60 * 1000)
        {
            return new(null, ReportRefusal.Stale, "The report is older than the last one, or its time is more than 10 minutes off.");
        }
        if (report.Head is { } head && gateway.WitnessedSize > 0 && head.TreeSize >= gateway.WitnessedSize
            && (report.Consistency?.FromSize ?? 0) != gateway.WitnessedSize)
        {
            return new(null, ReportRefusal.ProofFromWrongSize, "The consistency proof must start at the witnessed size.", gateway.WitnessedSize);
        }

        var nowUtc = now.UtcDateTime;
        gateway.LastSeenAt = nowUtc;
        gateway.LastReportSentAt = report.SentAt;
        gateway.ConfigVersionInUse = report.ConfigVersion ?? gateway.ConfigVersionInUse;
        var day = DateOnly.FromDateTime(nowUtc.AddHours(8));
        foreach (var p in report.Pairs ?? [])
        {
            if (p.Calls <= 0 || p.Side is not ("consumer" or "provider"))
            {
                continue;
            }
            // A gateway speaks only for its own member: the services it provides, or the calls its own subsystems made.
            // Anything else would let one department inflate another's figures on the dashboard and in the evaluation.
            var own = report.Member + "/";
            if (p.Side == "provider" ? p.Service?.StartsWith(own, StringComparison.Ordinal) != true : p.Client?.StartsWith(own, StringComparison.Ordinal) != true)
            {
                continue;
            }
            var errors = p.Errors?.Where(e => e.Value > 0).ToDictionary(e => Trim(e.Key, 64), e => e.Value) ?? [];
            db.Add(new ExchangeTraffic
            {
                GatewayRef = gateway.Id, DepartmentId = member.DepartmentId, ReportedAt = nowUtc, ReportedOn = day, Side = p.Side,
                Client = Trim(p.Client, 256), Service = Trim(p.Service, 256), Calls = p.Calls, Errors = errors.Values.Sum(),
                ErrorsByType = errors.Count == 0 ? null : Trim(JsonSerializer.Serialize(errors, _json), 2000),
                P50Ms = Math.Max(0, p.P50Ms), P95Ms = Math.Max(0, p.P95Ms),
            });
        }

        var consistent = true;
        string? detail = null;
        if (report.Head is { } h)
        {
            (consistent, detail) = CheckHead(report.Member, gateway, h, report.Consistency);
            db.Add(new ExchangeWitnessedHead
            {
                GatewayRef = gateway.Id, TreeSize = h.TreeSize, RootHash = Trim(h.RootHash, 128), Timestamp = h.Timestamp, Signature = Trim(h.Signature, 256),
                ReceivedAt = nowUtc, Consistent = consistent, Detail = detail,
            });
            if (consistent)
            {
                gateway.WitnessedSize = h.TreeSize;
                gateway.WitnessedRoot = h.RootHash;
                gateway.WitnessedAt = nowUtc;
            }
            else
            {
                // The old head stays the reference: a later honest head must still extend it.
                gateway.Inconsistent = true;
                gateway.InconsistentAt = nowUtc;
                gateway.InconsistencyDetail = detail;
                audit.Record(new AuditEvent(AuditActions.ExchangeRequest, AuditOutcomes.Failure, "exchange-gateway", gateway.Id.ToString(),
                    ActorType: AuditActorTypes.Gateway, ActorName: report.Member, ActorDepartmentId: member.DepartmentId,
                    Details: "message log head inconsistent with the witnessed head: " + detail));
            }
        }
        await db.SaveChangesAsync(ct);
        return new(new ReportReceipt(gateway.Id, gateway.WitnessedSize, consistent, detail), ReportRefusal.None, null, gateway.WitnessedSize);
    }

    private static (bool Consistent, string? Detail) CheckHead(string member, ExchangeGateway gateway, HeadReport head, ConsistencyReport? consistency)
    {
        var key = Sm2PublicKey.FromPem(gateway.PublicKeyPem);
        byte[] headSignature;
        byte[] newRoot;
        try
        {
            headSignature = Convert.FromBase64String(head.Signature);
            newRoot = Convert.FromHexString(head.RootHash);
        }
        catch (FormatException)
        {
            return (false, "The head's root or signature is not well formed.");
        }
        if (!key.Verify(Sm3.Hash(HeadBytes(member, head.TreeSize, head.RootHash, head.Timestamp)), headSignature))
        {
            return (false, $"The head of size {head.TreeSize} is not signed by the gateway's key.");
        }
        if (gateway.WitnessedSize == 0 || gateway.WitnessedRoot is null)
        {
            return (true, null);
        }
        if (head.TreeSize < gateway.WitnessedSize)
        {
            return (false, $"The log shrank from {gateway.WitnessedSize} to {head.TreeSize} entries.");
        }
        List<byte[]> proof;
        try
        {
            proof = [.. (consistency?.Proof ?? []).Select(Convert.FromHexString)];
        }
        catch (FormatException)
        {
            return (false, "The consistency proof is not hex.");
        }
        var ok = MerkleTree.VerifyConsistency(MerkleHasher.Sm3, gateway.WitnessedSize, head.TreeSize, Convert.FromHexString(gateway.WitnessedRoot), newRoot, proof);
        return ok ? (true, null)
            : (false, $"The head of size {head.TreeSize} (root {head.RootHash[..Math.Min(16, head.RootHash.Length)]}…) does not extend the witnessed head of size {gateway.WitnessedSize}.");
    }

    private static string Trim(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..max];
}
