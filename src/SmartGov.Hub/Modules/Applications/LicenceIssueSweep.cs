using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Applications;

public sealed record LicenceIssueSweepResult(int Sent, int Failed);

/// <summary>
/// The outbox of licence results: each licence issued as an application's result is sent into its issuing department's
/// library (<c>licences/issue</c> over the exchange) until the department has it, with growing pauses between failed
/// tries. The department accepts a licence number once (200 when it is there already), so sending twice is harmless.
/// </summary>
public sealed class LicenceIssueSweep(SmartGovDbContext db, ILicenceExchange exchange, IPersonalDataCipher cipher, IAuditSink audit, TimeProvider clock,
    ILogger<LicenceIssueSweep> logger)
{
    private const int Batch = 50;

    public async Task<LicenceIssueSweepResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<ApplicationResult>()
            .Where(r => r.LicencePayload != null && r.LibrarySentAt == null && (r.LibraryNextAttemptAt == null || r.LibraryNextAttemptAt <= now))
            .OrderBy(r => r.LibraryNextAttemptAt).Take(Batch).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var result in due)
        {
            var licence = JsonSerializer.Deserialize<LicenceDocument>(cipher.Unprotect(result.LicencePayload!), LicenceDocument.Json)!;
            var outcome = await exchange.IssueAsync(licence, ct);
            result.LibraryAttempts++;
            if (outcome.Succeeded)
            {
                result.LibrarySentAt = clock.GetUtcNow().UtcDateTime;
                result.LibraryError = null;
                sent++;
            }
            else
            {
                // 30 s, 1 min, 2 min … at most an hour between tries.
                var wait = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(result.LibraryAttempts - 1, 7))));
                result.LibraryNextAttemptAt = clock.GetUtcNow().UtcDateTime + wait;
                result.LibraryError = (outcome.Error + " " + outcome.MessageZh).Trim() is var e && e.Length > 500 ? e[..500] : e;
                failed++;
                logger.LogWarning("Licence {Number} not yet in the {Issuer} library: {Error}", licence.LicenceNumber, licence.IssuerCode, outcome.Error);
            }
            audit.Record(new AuditEvent(AuditActions.ExchangeRequest, outcome.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure,
                SubjectType: ApplicationService.SubjectType, SubjectId: result.ApplicationId.ToString(),
                PersonIndex: licence.HolderId.Length == 18 && SmartGov.Core.IdNumber.Validate(licence.HolderId).IsValid ? result.HolderIndex : null,
                Purpose: "电子证照归集", ActorType: AuditActorTypes.System,
                Details: $"证照归集 {licence.TypeName} {licence.LicenceNumber} → {licence.IssuerName}：{(outcome.Succeeded ? outcome.AlreadyThere ? "已在库" : "已入库" : outcome.Error)}"));
            await db.SaveChangesAsync(ct);
        }
        return new(sent, failed);
    }
}

internal sealed partial class LicenceIssueSweepService(IServiceScopeFactory scopes, IOptions<LicencesOptions> options, ILogger<LicenceIssueSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.GatewayUrl))
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IssueSweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<LicenceIssueSweep>().RunAsync(stoppingToken);
                if (result.Sent + result.Failed > 0)
                {
                    LogSwept(result.Sent, result.Failed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Licence issue sweep: {Sent} sent to their libraries, {Failed} to retry")]
    private partial void LogSwept(int sent, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Licence issue sweep failed")]
    private partial void LogFailed(Exception ex);
}
