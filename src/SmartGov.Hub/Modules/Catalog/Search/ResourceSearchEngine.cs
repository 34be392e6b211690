using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Catalog.Search;

/// <summary>What the search index knows of a resource: its current version's searchable text and facets.</summary>
public sealed record IndexedResource(
    Guid ResourceId,
    string Code,
    string Name,
    string? NameEn,
    string ClassificationCode,
    Guid ProviderDepartmentId,
    string ProviderName,
    string Abstract,
    IReadOnlyList<string> DataItemNames,
    SharingType SharingType,
    ResourceFormat Format,
    bool OpenToPublic,
    UpdateCycle UpdateCycle,
    DateOnly ReleaseDate)
{
    public ResourceHit ToHit() => new(Code, Name, NameEn, ClassificationCode, ProviderDepartmentId, ProviderName,
        Abstract.Length > 140 ? Abstract[..140] + "…" : Abstract, SharingType, Format, OpenToPublic, UpdateCycle, ReleaseDate);
}

public sealed record ResourceHit(
    string Code, string Name, string? NameEn, string ClassificationCode, Guid ProviderDepartmentId, string ProviderName, string Abstract,
    SharingType SharingType, ResourceFormat Format, bool OpenToPublic, UpdateCycle UpdateCycle, DateOnly ReleaseDate);

/// <summary>
/// A search or a browse. <see cref="Classification"/> is a code of any level (类 "3", 项 "301", 目 "30101", 细目
/// "3010101"); <see cref="IncludeInternal"/> is false for the public, who see only resources open to the public.
/// </summary>
public sealed record ResourceSearchQuery(
    string? Text, Guid? DepartmentId = null, string? Classification = null, SharingType? SharingType = null, ResourceFormat? Format = null,
    int Page = 1, int PageSize = 20, bool IncludeInternal = false);

public sealed record FacetCount(string Value, int Count);

/// <summary>Counts over every match (not only the page): by provider department, 类, 项, sharing type and format.</summary>
public sealed record ResourceFacets(
    IReadOnlyList<FacetCount> Departments, IReadOnlyList<FacetCount> Categories, IReadOnlyList<FacetCount> Subjects,
    IReadOnlyList<FacetCount> SharingTypes, IReadOnlyList<FacetCount> Formats);

public sealed record ResourceSearchResult(IReadOnlyList<ResourceHit> Items, int Total, int Page, int PageSize, ResourceFacets Facets);

/// <summary>
/// Chinese full-text search over the resource catalog with Lucene.NET in memory, the same approach as the service
/// catalog's engine: the SmartCn analyzer (an HMM word segmenter) over names, abstracts, data item names and the
/// provider; every word must match somewhere; a phrase on the name ranks higher; codes match by prefix; when nothing
/// matches, any word of two or more characters. Facet counts come from one pass over all matches. Pure (no database),
/// so the benchmark measures it alone. Thread-safe: searches run in parallel with <see cref="Upsert"/>.
/// </summary>
public sealed class ResourceSearchEngine : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly Analyzer _analyzer = new SmartChineseAnalyzer(Version);
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly ConcurrentDictionary<Guid, IndexedResource> _byId = new();
    private readonly ConcurrentDictionary<long, IndexedResource> _byOrdinal = new();
    private readonly ConcurrentDictionary<Guid, long> _ordinals = new();
    private readonly object _writeLock = new();
    private long _nextOrdinal;
    private volatile IndexedResource[]? _sorted;

    public ResourceSearchEngine(IEnumerable<IndexedResource> resources)
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 });
        foreach (var r in resources)
        {
            _writer.AddDocument(Add(r));
        }
        _writer.Commit();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public int Count => _byId.Count;

    public IndexedResource? Find(Guid id) => _byId.GetValueOrDefault(id);

    public void Upsert(IndexedResource resource)
    {
        lock (_writeLock)
        {
            if (_ordinals.TryGetValue(resource.ResourceId, out var old))
            {
                _byOrdinal.TryRemove(old, out _);
            }
            _writer.UpdateDocument(new Term(F.Id, resource.ResourceId.ToString("N")), Add(resource));
            _sorted = null;
        }
        _searchers.MaybeRefreshBlocking();
    }

    private Document Add(IndexedResource r)
    {
        var ordinal = _nextOrdinal++;
        _byId[r.ResourceId] = r;
        _byOrdinal[ordinal] = r;
        _ordinals[r.ResourceId] = ordinal;
        var doc = new Document
        {
            new StringField(F.Id, r.ResourceId.ToString("N"), Field.Store.NO),
            new NumericDocValuesField(F.Ordinal, ordinal),
            new StringField(F.Code, r.Code, Field.Store.NO),
            new TextField(F.Name, r.Name, Field.Store.NO),
            new StringField(F.NameExact, r.Name, Field.Store.NO),
            new TextField(F.Abstract, r.Abstract, Field.Store.NO),
            new TextField(F.Items, string.Join('\n', r.DataItemNames), Field.Store.NO),
            new TextField(F.Provider, r.ProviderName, Field.Store.NO),
            new StringField(F.FacetDepartment, r.ProviderDepartmentId.ToString("N"), Field.Store.NO),
            new StringField(F.FacetSharing, r.SharingType.ToString(), Field.Store.NO),
            new StringField(F.FacetFormat, r.Format.ToString(), Field.Store.NO),
            new StringField(F.Open, r.OpenToPublic ? "1" : "0", Field.Store.NO),
        };
        foreach (var level in new[] { 1, 3, 5, 7 })
        {
            if (r.ClassificationCode.Length >= level)
            {
                doc.Add(new StringField(F.Class, r.ClassificationCode[..level], Field.Store.NO));
            }
        }
        if (r.NameEn is { Length: > 0 } en)
        {
            doc.Add(new TextField(F.NameEn, en, Field.Store.NO));
        }
        return doc;
    }

    public ResourceSearchResult Search(ResourceSearchQuery query)
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
            var n = Math.Max(1, Math.Min(page * size, Math.Max(1, _byId.Count)));
            var (top, facets) = Run(searcher, Primary(text), filter, n);
            if (top.TotalHits == 0 && Relaxed(text) is { } relaxed)
            {
                (top, facets) = Run(searcher, relaxed, filter, n);
            }
            var hits = new List<ResourceHit>();
            foreach (var d in top.ScoreDocs.Skip((page - 1) * size))
            {
                if (OrdinalOf(searcher, d.Doc) is { } ord && _byOrdinal.TryGetValue(ord, out var r))
                {
                    hits.Add(r.ToHit());
                }
            }
            return new ResourceSearchResult(hits, top.TotalHits, page, size, facets.Build());
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private (TopDocs, FacetCounter) Run(IndexSearcher searcher, Query q, Filter? filter, int n)
    {
        var top = TopScoreDocCollector.Create(n, true);
        var facets = new FacetCounter(_byOrdinal);
        searcher.Search(q, filter, MultiCollector.Wrap(top, facets));
        return (top.GetTopDocs(), facets);
    }

    private static long? OrdinalOf(IndexSearcher searcher, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var values = ((AtomicReader)leaf.Reader).GetNumericDocValues(F.Ordinal);
        return values?.Get(doc - leaf.DocBase);
    }

    /// <summary>No words: the filtered catalog in code order.</summary>
    private ResourceSearchResult Browse(ResourceSearchQuery query, int page, int size)
    {
        var sorted = _sorted ??= [.. _byId.Values.OrderBy(r => r.Code, StringComparer.Ordinal)];
        IEnumerable<IndexedResource> q = sorted;
        if (!query.IncludeInternal) { q = q.Where(r => r.OpenToPublic); }
        if (query.DepartmentId is { } d) { q = q.Where(r => r.ProviderDepartmentId == d); }
        if (query.Classification is { Length: > 0 } c) { q = q.Where(r => r.ClassificationCode.StartsWith(c, StringComparison.Ordinal)); }
        if (query.SharingType is { } s) { q = q.Where(r => r.SharingType == s); }
        if (query.Format is { } f) { q = q.Where(r => r.Format == f); }
        var list = q.ToList();
        var counter = new FacetCounter(_byOrdinal);
        foreach (var r in list)
        {
            counter.Count(r);
        }
        return new ResourceSearchResult(list.Skip((page - 1) * size).Take(size).Select(r => r.ToHit()).ToList(), list.Count, page, size, counter.Build());
    }

    private Query Primary(string text)
    {
        var outer = new BooleanQuery();
        var tokens = Tokens(text);
        if (tokens.Count > 0)
        {
            var all = new BooleanQuery();
            foreach (var token in tokens)
            {
                all.Add(new DisjunctionMaxQuery(0.1f)
                {
                    Term(F.Name, token, 6f),
                    Term(F.NameEn, token, 3f),
                    Term(F.Items, token, 2f),
                    Term(F.Provider, token, 2f),
                    Term(F.Abstract, token, 1f),
                }, Occur.MUST);
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
        }
        outer.Add(Term(F.NameExact, text, 20f), Occur.SHOULD);
        if (text.Length >= 3 && text.All(ch => char.IsAsciiDigit(ch) || ch == '-'))
        {
            outer.Add(new PrefixQuery(new Term(F.Code, text)) { Boost = 10f }, Occur.SHOULD);
        }
        return outer;
    }

    private Query? Relaxed(string text)
    {
        var tokens = Tokens(text).Where(t => t.Length >= 2).ToList();
        if (tokens.Count == 0)
        {
            return null;
        }
        var any = new BooleanQuery();
        foreach (var token in tokens)
        {
            any.Add(Term(F.Name, token, 3f), Occur.SHOULD);
            any.Add(Term(F.Items, token, 1f), Occur.SHOULD);
            any.Add(Term(F.Abstract, token, 0.5f), Occur.SHOULD);
        }
        return any;
    }

    private static Filter? Filter(ResourceSearchQuery query)
    {
        var must = new BooleanQuery();
        if (!query.IncludeInternal) { must.Add(new TermQuery(new Term(F.Open, "1")), Occur.MUST); }
        if (query.DepartmentId is { } d) { must.Add(new TermQuery(new Term(F.FacetDepartment, d.ToString("N"))), Occur.MUST); }
        if (query.Classification is { Length: > 0 } c) { must.Add(new TermQuery(new Term(F.Class, c)), Occur.MUST); }
        if (query.SharingType is { } s) { must.Add(new TermQuery(new Term(F.FacetSharing, s.ToString())), Occur.MUST); }
        if (query.Format is { } f) { must.Add(new TermQuery(new Term(F.FacetFormat, f.ToString())), Occur.MUST); }
        return must.Clauses.Count == 0 ? null : new QueryWrapperFilter(must);
    }

    private static TermQuery Term(string field, string text, float boost) => new(new Term(field, text)) { Boost = boost };

    private List<string> Tokens(string text) => SearchText.Tokens(_analyzer, F.Name, text);

    private static string Normalize(string? text) => SearchText.Normalize(text);

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    /// <summary>Counts every collected match by its facets, reading each document's ordinal from doc values.</summary>
    private sealed class FacetCounter(ConcurrentDictionary<long, IndexedResource> byOrdinal) : ICollector
    {
        private readonly Dictionary<Guid, int> _departments = [];
        private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _subjects = new(StringComparer.Ordinal);
        private readonly Dictionary<SharingType, int> _sharing = [];
        private readonly Dictionary<ResourceFormat, int> _formats = [];
        private NumericDocValues? _ordinals;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _ordinals = context.AtomicReader.GetNumericDocValues(F.Ordinal);

        public void Collect(int doc)
        {
            if (_ordinals is not null && byOrdinal.TryGetValue(_ordinals.Get(doc), out var r))
            {
                Count(r);
            }
        }

        public void Count(IndexedResource r)
        {
            Inc(_departments, r.ProviderDepartmentId);
            Inc(_categories, r.ClassificationCode[..1]);
            Inc(_subjects, r.ClassificationCode[..3]);
            Inc(_sharing, r.SharingType);
            Inc(_formats, r.Format);
        }

        private static void Inc<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
            counts[key] = counts.GetValueOrDefault(key) + 1;

        private static List<FacetCount> Sorted<TKey>(Dictionary<TKey, int> counts, Func<TKey, string> name) where TKey : notnull =>
            [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => name(kv.Key), StringComparer.Ordinal).Select(kv => new FacetCount(name(kv.Key), kv.Value))];

        public ResourceFacets Build() => new(
            Sorted(_departments, d => d.ToString()), Sorted(_categories, c => c), Sorted(_subjects, c => c),
            Sorted(_sharing, s => s.ToString()), Sorted(_formats, f => f.ToString()));
    }

    private static class F
    {
        public const string Id = "id";
        public const string Ordinal = "ord";
        public const string Code = "code";
        public const string Name = "name";
        public const string NameExact = "name_exact";
        public const string NameEn = "name_en";
        public const string Abstract = "abstract";
        public const string Items = "items";
        public const string Provider = "provider";
        public const string Class = "f_class";
        public const string FacetDepartment = "f_dept";
        public const string FacetSharing = "f_share";
        public const string FacetFormat = "f_format";
        public const string Open = "f_open";
    }
}
