using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Web.Pages.Account;

/// <summary>TOTP enrolment (RFC 6238) for staff: scan the code or type the key, then prove it with one code.</summary>
public sealed class Setup2faModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IAuditSink audit) : FormPageModel
{
    [BindProperty] public string? Code { get; set; }
    public bool AlreadyEnabled { get; private set; }
    public string FormattedKey { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/account/login");
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/account/login");
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = code.Length > 0 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            Errors.Add(new("code", "totp.invalid", "动态口令不正确，请确认手机时间准确后重试", "The code is wrong; check that your phone's clock is right and try again."));
            await LoadAsync(user);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.WriteAsync(new AuditEvent(AuditActions.TwoFactorChange, SubjectType: "user", SubjectId: user.Id.ToString(), Details: "totp enabled"), ct);
        await signIn.RefreshSignInAsync(user);
        return Redirect("/console");
    }

    private async Task LoadAsync(AppUser user)
    {
        AlreadyEnabled = user.TwoFactorEnabled;
        if (AlreadyEnabled)
        {
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        FormattedKey = string.Join(' ', key!.Chunk(4).Select(c => new string(c)));
        var uri = $"otpauth://totp/{Uri.EscapeDataString("SmartGov:" + user.UserName)}?secret={key}&issuer=SmartGov&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
