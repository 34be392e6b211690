using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Core;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Results;

/// <summary>
/// Public verification of a signed result document (结果文书验真): upload the <c>*.sgr.json</c> file or paste its text.
/// No sign-in, no JavaScript: a plain form post answers with the verdict and the document's fields.
/// </summary>
[RequestSizeLimit(1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 1024 * 1024, ValueLengthLimit = ResultFile.MaxFileBytes * 2)]
public sealed class VerifyModel(ResultSigner signer) : FormPageModel
{
    public ResultVerification? Result { get; private set; }

    [BindProperty]
    public string? Text { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        byte[]? bytes = null;
        if (file is { Length: > 0 })
        {
            if (file.Length > ResultFile.MaxFileBytes)
            {
                return Refuse(new FieldError("file", "file.too-large",
                    $"结果文书文件不能超过 {ResultFile.MaxFileBytes / 1024} KB", $"A result file is at most {ResultFile.MaxFileBytes / 1024} KB."));
            }
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(buffer, ct);
            }
            bytes = buffer.ToArray();
            Text = null;
        }
        else if (!string.IsNullOrWhiteSpace(Text))
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(Text);
        }
        if (bytes is null)
        {
            return Refuse(new FieldError("file", "required", "请选择结果文书文件（*.sgr.json），或粘贴其内容", "Choose the result file (*.sgr.json) or paste its text."));
        }
        Result = await signer.VerifyAsync(bytes, ct);
        return Page();
    }

    private PageResult Refuse(FieldError error)
    {
        Errors.Add(error);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
