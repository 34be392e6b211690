using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Services.Search;

/// <summary>What the search index knows of an item: the current version's searchable text and its browsing facets.</summary>
public sealed record IndexedItem(
    Guid ItemId,
    string ImplementationCode,
    string BasicCode,
    string Name,
    string? NameEn,
    ItemType ItemType,
    Guid DepartmentId,
    string DepartmentName,
    IReadOnlyList<LifeEvent> LifeEvents,
    IReadOnlyList<BusinessStage> BusinessStages,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> MaterialNames,
    string AcceptanceConditions,
    int PromisedDays,
    int MaxVisits,
    bool CityWide,
    HandlingForm HandlingForm,
    IReadOnlyList<Guid>? HallIds = null)
{
    /// <summary>A hall may accept the item: it is city-wide (全城通办) or lists the hall.</summary>
    public bool AcceptedAt(Guid hallId) => CityWide || (HallIds?.Contains(hallId) ?? false);

    public ServiceSearchHit ToHit() => new(ImplementationCode, Name, NameEn, ItemType, DepartmentId, DepartmentName, PromisedDays, MaxVisits, CityWide, HandlingForm);
}

/// <summary>
/// Chinese full-text search over the catalog with Lucene.NET in memory: the SmartCn analyzer (an HMM word segmenter)
/// for names, keywords, materials and conditions; everyday synonyms (<see cref="CatalogSynonyms"/>); and, when nothing
/// matches, a typo-tolerant pass over the single characters of names and keywords (one wrong character in three or more
/// still matches; two in seven or more). Pure: it knows nothing of the database, so the benchmark measures it alone.
/// Thread-safe: searches run in parallel with <see cref="Upsert"/>.
/// </summary>
public sealed class CatalogSearchEngine : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly Analyzer _analyzer;
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly ConcurrentDictionary<Guid, IndexedItem> _items = new();
    private volatile IndexedItem[]? _sorted;

    public CatalogSearchEngine(IEnumerable<IndexedItem> items)
    {
        var chars = new WhitespaceAnalyzer(Version);
        _analyzer = new PerFieldAnalyzerWrapper(new SmartChineseAnalyzer(Version),
            new Dictionary<string, Analyzer> { [F.NameChars] = chars, [F.KeywordChars] = chars });
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 });
        foreach (var item in items)
        {
            _items[item.ItemId] = item;
            _writer.AddDocument(ToDocument(item));
        }
        _writer.Commit();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public int Count => _items.Count;

    public IndexedItem? Find(Guid itemId) => _items.GetValueOrDefault(itemId);

    /// <summary>Adds or replaces an item; visible to the next search.</summary>
    public void Upsert(IndexedItem item)
    {
        _items[item.ItemId] = item;
        _writer.UpdateDocument(new Term(F.Id, item.ItemId.ToString("N")), ToDocument(item));
        _sorted = null;
        _searchers.MaybeRefreshBlocking();
    }

    public void Remove(Guid itemId)
    {
        if (_items.TryRemove(itemId, out _))
        {
            _writer.DeleteDocuments(new Term(F.Id, itemId.ToString("N")));
            _sorted = null;
            _searchers.MaybeRefreshBlocking();
        }
    }

    public ServiceSearchResult Search(ServiceSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 100);
        var text = Normalize(query.Text);
        if (text.Length == 0)
        {
            return Browse(query, page, size);
        }

        var searcher = _searchers.Acquire();
        try
        {
            var filter = Filter(query);
            // Never ask Lucene for more hits than there are items: a deep page number must not allocate a huge queue.
            var n = Math.Max(1, Math.Min(page * size, _items.Count));
            var match = SearchMatch.Exact;
            var top = searcher.Search(Primary(text), filter, n);
            if (top.TotalHits == 0 && Fuzzy(text) is { } fuzzy)
            {
                match = SearchMatch.Fuzzy;
                top = searcher.Search(fuzzy, filter, n);
            }
            if (top.TotalHits == 0 && Relaxed(text) is { } relaxed)
            {
                match = SearchMatch.Relaxed;
                top = searcher.Search(relaxed, filter, n);
            }
            var hits = top.ScoreDocs.Skip((page - 1) * size)
                .Select(d => _items.GetValueOrDefault(Guid.ParseExact(searcher.Doc(d.Doc).Get(F.Id), "N")))
                .Where(i => i is not null)
                .Select(i => i!.ToHit())
                .ToList();
            return new ServiceSearchResult(hits, top.TotalHits, page, size, match);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>No words: the filtered catalog in pinyin order of the names.</summary>
    private ServiceSearchResult Browse(ServiceSearchQuery query, int page, int size)
    {
        var sorted = _sorted ??= [.. _items.Values.OrderBy(i => i.Name, StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), false)).ThenBy(i => i.ImplementationCode, StringComparer.Ordinal)];
        IEnumerable<IndexedItem> q = sorted;
        if (query.DepartmentId is { } d) { q = q.Where(i => i.DepartmentId == d); }
        if (query.HallId is { } h) { q = q.Where(i => i.AcceptedAt(h)); }
        if (query.LifeEvent is { } e) { q = q.Where(i => i.LifeEvents.Contains(e)); }
        if (query.BusinessStage is { } s) { q = q.Where(i => i.BusinessStages.Contains(s)); }
        if (query.ItemType is { } t) { q = q.Where(i => i.ItemType == t); }
        var list = q.ToList();
        return new ServiceSearchResult(list.Skip((page - 1) * size).Take(size).Select(i => i.ToHit()).ToList(), list.Count, page, size, SearchMatch.Exact);
    }

    private Query Primary(string text)
    {
        var outer = new BooleanQuery();
        foreach (var alternative in CatalogSynonyms.Expand(text))
        {
            var tokens = Tokens(alternative);
            if (tokens.Count == 0)
            {
                continue;
            }
            var all = new BooleanQuery();
            foreach (var token in tokens)
            {
                var any = new DisjunctionMaxQuery(0.1f)
                {
                    Term(F.Name, token, 6f),
                    Term(F.Keywords, token, 5f),
                    Term(F.NameEn, token, 3f),
                    Term(F.Department, token, 2f),
                    Term(F.Materials, token, 1f),
                    Term(F.Conditions, token, 0.5f),
                };
                all.Add(any, Occur.MUST);
            }
            outer.Add(all, Occur.SHOULD);
            if (tokens.Count > 1)
            {
                var phrase = new PhraseQuery { Boost = 4f };
                foreach (var token in tokens)
                {
                    phrase.Add(new Term(F.Name, token));
                }
                outer.Add(phrase, Occur.SHOULD);
            }
            outer.Add(Term(F.KeywordExact, alternative.ToLowerInvariant(), 12f), Occur.SHOULD);
            outer.Add(Term(F.NameExact, alternative, 20f), Occur.SHOULD);
        }
        var code = text.ToUpperInvariant();
        if (code.Length >= 6 && code.All(char.IsAsciiLetterOrDigit))
        {
            outer.Add(new PrefixQuery(new Term(F.Code, code)) { Boost = 10f }, Occur.SHOULD);
            outer.Add(new PrefixQuery(new Term(F.BasicCode, code)) { Boost = 8f }, Occur.SHOULD);
        }
        return outer;
    }

    /// <summary>
    /// Typo-tolerant: the characters of the query against the characters of each name (and keyword list), with one
    /// character allowed to be wrong from three characters on, two from seven on. No pinyin: a wrong character that
    /// sounds alike (结昏 for 结婚) is still just one wrong character.
    /// </summary>
    private static Query? Fuzzy(string text)
    {
        var chars = Characters(text).Distinct().ToList();
        if (chars.Count < 3)
        {
            return null;
        }
        var allowed = chars.Count >= 7 ? 2 : 1;
        var outer = new BooleanQuery();
        foreach (var field in new[] { F.NameChars, F.KeywordChars })
        {
            var q = new BooleanQuery { MinimumNumberShouldMatch = chars.Count - allowed };
            foreach (var c in chars)
            {
                q.Add(new TermQuery(new Term(field, c)), Occur.SHOULD);
            }
            q.Boost = field == F.NameChars ? 2f : 1f;
            outer.Add(q, Occur.SHOULD);
        }
        return outer;
    }

    /// <summary>Last resort: any of the words of two or more characters (a sentence such as 我想开一家公司).</summary>
    private Query? Relaxed(string text)
    {
        var tokens = CatalogSynonyms.Expand(text).SelectMany(Tokens).Where(t => t.Length >= 2).Distinct().ToList();
        if (tokens.Count == 0)
        {
            return null;
        }
        var any = new BooleanQuery();
        foreach (var token in tokens)
        {
            any.Add(Term(F.Name, token, 3f), Occur.SHOULD);
            any.Add(Term(F.Keywords, token, 2f), Occur.SHOULD);
            any.Add(Term(F.Materials, token, 0.5f), Occur.SHOULD);
        }
        return any;
    }

    private static Filter? Filter(ServiceSearchQuery query)
    {
        var must = new BooleanQuery();
        if (query.DepartmentId is { } d) { must.Add(new TermQuery(new Term(F.FacetDepartment, d.ToString("N"))), Occur.MUST); }
        if (query.LifeEvent is { } e) { must.Add(new TermQuery(new Term(F.FacetLifeEvent, e.ToString())), Occur.MUST); }
        if (query.BusinessStage is { } s) { must.Add(new TermQuery(new Term(F.FacetStage, s.ToString())), Occur.MUST); }
        if (query.ItemType is { } t) { must.Add(new TermQuery(new Term(F.FacetType, t.ToString())), Occur.MUST); }
        if (query.HallId is { } h)
        {
            var hall = new BooleanQuery
            {
                { new TermQuery(new Term(F.FacetHall, h.ToString("N"))), Occur.SHOULD },
                { new TermQuery(new Term(F.FacetHall, F.CityWide)), Occur.SHOULD },
            };
            must.Add(hall, Occur.MUST);
        }
        return must.Clauses.Count == 0 ? null : new QueryWrapperFilter(must);
    }

    private static TermQuery Term(string field, string text, float boost) => new(new Term(field, text)) { Boost = boost };

    private List<string> Tokens(string text) => SearchText.Tokens(_analyzer, F.Name, text);

    private static IEnumerable<string> Characters(string text) =>
        text.Where(char.IsLetterOrDigit).Select(c => char.ToLowerInvariant(c).ToString());

    private static string Normalize(string? text) => SearchText.Normalize(text);

    private static Document ToDocument(IndexedItem item)
    {
        var doc = new Document
        {
            new StringField(F.Id, item.ItemId.ToString("N"), Field.Store.YES),
            new StringField(F.Code, item.ImplementationCode, Field.Store.NO),
            new StringField(F.BasicCode, item.BasicCode, Field.Store.NO),
            new StringField(F.NameExact, item.Name, Field.Store.NO),
            new TextField(F.Name, item.Name, Field.Store.NO),
            new TextField(F.NameChars, string.Join(' ', Characters(item.Name)), Field.Store.NO),
            new TextField(F.Department, item.DepartmentName, Field.Store.NO),
            new TextField(F.Materials, string.Join('\n', item.MaterialNames), Field.Store.NO),
            new TextField(F.Conditions, item.AcceptanceConditions, Field.Store.NO),
            new TextField(F.Keywords, string.Join('\n', item.Keywords), Field.Store.NO),
            new TextField(F.KeywordChars, string.Join(' ', item.Keywords.SelectMany(Characters)), Field.Store.NO),
            new StringField(F.FacetDepartment, item.DepartmentId.ToString("N"), Field.Store.NO),
            new StringField(F.FacetType, item.ItemType.ToString(), Field.Store.NO),
        };
        if (item.CityWide)
        {
            doc.Add(new StringField(F.FacetHall, F.CityWide, Field.Store.NO));
        }
        foreach (var h in item.HallIds ?? [])
        {
            doc.Add(new StringField(F.FacetHall, h.ToString("N"), Field.Store.NO));
        }
        if (item.NameEn is { Length: > 0 } en)
        {
            doc.Add(new TextField(F.NameEn, en, Field.Store.NO));
        }
        foreach (var k in item.Keywords)
        {
            doc.Add(new StringField(F.KeywordExact, k.ToLowerInvariant(), Field.Store.NO));
        }
        foreach (var e in item.LifeEvents)
        {
            doc.Add(new StringField(F.FacetLifeEvent, e.ToString(), Field.Store.NO));
        }
        foreach (var s in item.BusinessStages)
        {
            doc.Add(new StringField(F.FacetStage, s.ToString(), Field.Store.NO));
        }
        return doc;
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private static class F
    {
        public const string Id = "id";
        public const string Code = "code";
        public const string BasicCode = "basic";
        public const string Name = "name";
        public const string NameExact = "name_exact";
        public const string NameEn = "name_en";
        public const string NameChars = "name_chars";
        public const string Keywords = "kw";
        public const string KeywordExact = "kw_exact";
        public const string KeywordChars = "kw_chars";
        public const string Department = "dept";
        public const string Materials = "mat";
        public const string Conditions = "cond";
        public const string FacetDepartment = "f_dept";
        public const string FacetLifeEvent = "f_life";
        public const string FacetStage = "f_stage";
        public const string FacetType = "f_type";
        public const string FacetHall = "f_hall";
        public const string CityWide = "citywide";
    }
}
