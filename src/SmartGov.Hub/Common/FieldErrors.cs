using SmartGov.Core;

namespace SmartGov.Hub.Common;

/// <summary>Collects field errors at the edge so that one response names every problem at once.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> All => _errors;
    public bool Any => _errors.Count > 0;

    public void Add(string field, string code, string zh, string en) => _errors.Add(new FieldError(field, code, zh, en));

    public void Add(FieldError error) => _errors.Add(error);

    public void Check(string field, CheckResult result)
    {
        if (!result.IsValid)
        {
            _errors.Add(result.ToFieldError(field));
        }
    }

    public bool Required(string field, string? value, string labelZh, string labelEn, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "required", $"请填写{labelZh}", $"{labelEn} is required.");
            return false;
        }
        if (value.Length > maxLength)
        {
            Add(field, "too-long", $"{labelZh}不能超过 {maxLength} 个字符", $"{labelEn} must be at most {maxLength} characters.");
            return false;
        }
        return true;
    }
}
