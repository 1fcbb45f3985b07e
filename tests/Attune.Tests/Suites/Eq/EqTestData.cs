using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

/// <summary>Small hand-made questions for unit tests.</summary>
internal static class EqTestData
{
    public static readonly EqReference V1Reference = new(["Remorseful", "Indifferent", "Affectionate", "Annoyed"], [2, 3, 0, 5]);
    public static readonly EqReference Fullscale = new(["Remorseful", "Indifferent", "Affectionate", "Annoyed"], [0, 6, 0, 7]);

    public static EqQuestion Question(string id = "1") => new(id, "prompt", V1Reference, Fullscale);

    public static EqQuestion German(string id = "1") => new(id, "prompt",
        new EqReference(["Reuevoll", "Gleichgültig", "Zuneigend", "Verärgert"], [2, 3, 0, 5]),
        new EqReference(["Reuevoll", "Gleichgültig", "Zuneigend", "Verärgert"], [0, 6, 0, 7]));

    public static EqAnswerMap Map(params (string, string)[] pairs) => EqAnswerMap.From(pairs);
}
