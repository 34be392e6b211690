using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Audit;

/// <summary>
/// One audit entry, verified on the server when the page is drawn: the entry's canonical bytes are hashed again, the
/// inclusion proof is checked against the latest signed tree head, and that head's signature against the platform's
/// public key. The page shows each step and the overall verdict (已验证 / failure); no JavaScript is involved.
/// </summary>
public sealed class AuditEntryModel(IAuditLog log, IOrganizationDirectory directory) : PageModel
{
    public long Sequence { get; private set; }
    public EntryVerification? Verification { get; private set; }
    public string? KeyFingerprint { get; private set; }
    public string? KeyProblem { get; private set; }

    /// <summary>The signing keys, oldest first; shown when the key has ever been replaced.</summary>
    public IReadOnlyList<AuditSigningKeyDto> Keys { get; private set; } = [];
    public IReadOnlyDictionary<Guid, DepartmentInfo> Departments { get; private set; } = new Dictionary<Guid, DepartmentInfo>();

    public async Task<IActionResult> OnGetAsync(long sequence, CancellationToken ct)
    {
        Sequence = sequence;
        Verification = await log.VerifyEntryAsync(sequence, ct);
        if (Verification is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Departments = (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        Keys = await log.KeysAsync(ct);
        try
        {
            var pem = log.PublicKeyPem;
            var profile = SmartGov.Crypto.CryptoProfiles.Get(log.Profile);
            KeyFingerprint = AuditKeyHistory.Fingerprint(profile, profile.ImportVerificationKey(pem));
        }
        catch (AuditConfigurationException ex)
        {
            KeyProblem = ex.Message;
        }
        return Page();
    }
}
