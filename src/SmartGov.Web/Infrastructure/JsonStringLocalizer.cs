using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace SmartGov.Web.Infrastructure;

/// <summary>
/// Strings for zh-CN and en-US from Resources/strings.{culture}.json. One flat file per language is easier
/// for translators than one .resx per view. A missing key shows the key itself, so gaps are visible in review.
/// </summary>
public sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer;

    public JsonStringLocalizerFactory(IWebHostEnvironment environment)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Resources");
        if (!Directory.Exists(dir))
        {
            dir = Path.Combine(environment.ContentRootPath, "Resources");
        }
        _localizer = new JsonStringLocalizer(new Dictionary<string, FrozenDictionary<string, string>>
        {
            ["zh"] = Load(dir, "zh-CN"),
            ["en"] = Load(dir, "en-US"),
        });
    }

    /// <summary>Merges every Resources/*.{culture}.json, so that each area of the UI keeps its own file.</summary>
    private static FrozenDictionary<string, string> Load(string dir, string culture)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(dir, $"*.{culture}.json").Order(StringComparer.Ordinal))
        {
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [])
            {
                if (!merged.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"Duplicate localization key '{key}' in {Path.GetFileName(path)}.");
                }
            }
        }
        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;
}

public sealed class JsonStringLocalizer(IReadOnlyDictionary<string, FrozenDictionary<string, string>> tables) : IStringLocalizer
{
    private FrozenDictionary<string, string> Table =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? tables["en"] : tables["zh"];

    public LocalizedString this[string name] =>
        Table.TryGetValue(name, out var value) ? new LocalizedString(name, value) : new LocalizedString(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments] =>
        Table.TryGetValue(name, out var value)
            ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, value, arguments))
            : new LocalizedString(name, name, resourceNotFound: true);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => Table.Select(kv => new LocalizedString(kv.Key, kv.Value));
}

/// <summary>Both languages of one string, for messages that must name a field in Chinese and English at once.</summary>
public sealed class Bilingual(IStringLocalizerFactory factory)
{
    public (string Zh, string En) this[string key]
    {
        get
        {
            var localizer = factory.Create(typeof(Bilingual));
            var saved = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
                var zh = localizer[key].Value;
                CultureInfo.CurrentUICulture = new CultureInfo("en-US");
                var en = localizer[key].Value;
                return (zh, en);
            }
            finally
            {
                CultureInfo.CurrentUICulture = saved;
            }
        }
    }
}
