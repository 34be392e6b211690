using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

public sealed class NoJavaScriptTests(HubFixture hub) : BrowserTest(hub)
{
    [Fact]
    public async Task Without_javascript_a_citizen_registers_signs_out_and_signs_in_again()
    {
        await using var session = await Hub.NewSessionAsync(javaScriptEnabled: false);
        var page = session.Page;
        var citizen = NewCitizen.Create("王建国");

        await RegisterAsync(page, citizen);
        await Expect(page.GetByTestId("me-id")).ToHaveTextAsync(citizen.MaskedId);
        await SignOutAsync(page);

        await SignInCitizenAsync(page, citizen.IdNumber, citizen.Password);

        await Expect(page.GetByTestId("me-name")).ToHaveTextAsync(citizen.Name);
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
    }
}
