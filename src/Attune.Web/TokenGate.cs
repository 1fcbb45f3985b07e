using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Attune.Web;

/// <summary>
/// With a token, every request (pages, API, assets) needs it: an <c>Authorization: Bearer</c> header, or the cookie set
/// after <c>?token=</c> was given once (the address bar is then cleaned by a redirect). Anything else is a 401.
/// </summary>
internal sealed class TokenGate(string token)
{
    public const string CookieName = "attune_token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    // the cookie holds a digest, so the token itself never sits in the browser's cookie store
    private readonly string _cookie = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("attune-dashboard\u001f" + token)));

    private bool Matches(string? candidate) => candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    private bool CookieMatches(string? candidate) => candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(_cookie));

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(auth["Bearer ".Length..].Trim()))
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }
        if (CookieMatches(ctx.Request.Cookies[CookieName]))
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }
        if (ctx.Request.Query.TryGetValue("token", out var given) && Matches(given.ToString()))
        {
            ctx.Response.Cookies.Append(CookieName, _cookie, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true, Secure = ctx.Request.IsHttps });
            var rest = string.Join("&", ctx.Request.Query.Where(q => q.Key != "token").SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
            ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
            ctx.Response.Headers.Location = ctx.Request.PathBase + ctx.Request.Path + (rest.Length == 0 ? "" : "?" + rest);
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
        ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"attune\"";
        const string message = "This dashboard needs its access token: open it once with ?token=TOKEN, or send Authorization: Bearer TOKEN.";
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await Routes.WriteJsonAsync(ctx, new System.Text.Json.Nodes.JsonObject { ["error"] = message }, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
        }
        else
        {
            await Routes.WriteHtmlAsync(ctx, Html.ErrorPage("Access token needed", message), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
        }
    }
}
