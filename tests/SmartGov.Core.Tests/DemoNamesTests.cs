namespace SmartGov.Core.Tests;

public class DemoNamesTests
{
    [Fact]
    public void The_same_seed_gives_the_same_names()
    {
        var first = Enumerable.Range(0, 50).Select(_ => DemoNames.Next(new Random(7))).Distinct().ToList();
        Assert.Single(first);

        var a = new Random(2024);
        var b = new Random(2024);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(DemoNames.Next(a), DemoNames.Next(b));
        }
    }

    [Fact]
    public void Names_look_like_Chinese_names()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var name = DemoNames.Next(random);

            Assert.InRange(name.Length, 2, 3);
            Assert.Contains(name[..1], DemoNames.Surnames);
            Assert.All(name[1..], c => Assert.Contains(c.ToString(), DemoNames.GivenNameCharacters));
            if (name.Length == 3)
            {
                Assert.NotEqual(name[1], name[2]);
            }
        }
    }

    [Fact]
    public void Names_vary()
    {
        var random = new Random(1);
        var names = Enumerable.Range(0, 200).Select(_ => DemoNames.Next(random)).ToHashSet();

        Assert.True(names.Count > 150, $"Only {names.Count} distinct names in 200.");
        Assert.Contains(names, n => n.Length == 2);
        Assert.Contains(names, n => n.Length == 3);
    }

    [Fact]
    public void The_most_common_surnames_are_included()
    {
        foreach (var surname in new[] { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" })
        {
            Assert.Contains(surname, DemoNames.Surnames);
        }
    }
}
