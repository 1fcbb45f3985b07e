namespace Attune.Models;

/// <summary>
/// The baseline's small hand-written lexicon: which emotion family an emotion word belongs to (English and German
/// stems), each family's valence, and the cue stems that suggest the family in a dialogue. Attune's own wording.
/// </summary>
internal static class BaselineLexicon
{
    internal sealed record Family(string Name, int Valence, string[] NameStems, string[] CueStems)
    {
        /// <summary>The GoEmotions labels that carry this family, for the built-in estimator.</summary>
        public string[] GoEmotions => Name switch
        {
            "anger" => ["anger", "annoyance", "disapproval"],
            "sadness" => ["sadness", "grief", "disappointment"],
            "fear" => ["fear", "nervousness"],
            "disgust" => ["disgust", "disapproval"],
            "shame" => ["embarrassment", "remorse"],
            "hurt" => ["disappointment", "sadness", "anger"],
            "jealousy" => ["annoyance", "disapproval", "anger"],
            "surprise" => ["surprise", "realization"],
            "confusion" => ["confusion", "curiosity"],
            "indifference" => ["neutral"],
            "defensive" => ["annoyance", "disapproval"],
            "joy" => ["joy", "amusement", "excitement"],
            "affection" => ["love", "caring"],
            "gratitude" => ["gratitude"],
            "pride" => ["pride", "admiration"],
            "relief" => ["relief", "joy"],
            "hope" => ["optimism", "desire"],
            "curiosity" => ["curiosity"],
            _ => [],
        };
    }

    public static readonly Family[] Families =
    [
        new("anger", -1, ["ang", "annoy", "irrit", "furi", "frustr", "outrag", "indign", "hostil", "exasper", "irate", "mad", "livid", "wüt", "ärger", "verärg", "gereizt", "zorn", "empör", "frustri", "genervt", "aufgebracht"],
            ["how dare", "ridiculous", "unbelievable", "fed up", "sick of", "enough", "stop", "always", "never", "blame", "fault", "damn", "hell", "shut up", "bulldoz", "unfair", "liar", "lied", "useless", "wut", "genug", "immer", "nie", "schuld", "unfair", "lächerlich"]),
        new("sadness", -1, ["sad", "sorrow", "grie", "melanch", "depress", "despair", "heartbr", "mourn", "down", "gloom", "lonel", "hopeless", "trauri", "kummer", "verzweif", "einsam", "niedergeschl", "betrübt", "hoffnungslos"],
            ["miss", "lost", "gone", "died", "funeral", "alone", "cry", "tears", "sorry for", "never again", "goodbye", "empty", "hurt", "vermiss", "verloren", "tot", "allein", "weinen", "tränen", "abschied"]),
        new("fear", -1, ["fear", "afraid", "scared", "terrif", "anxi", "nervous", "worr", "panic", "alarm", "uneas", "apprehens", "dread", "insecur", "angst", "ängst", "besorg", "nervös", "beunruh", "verunsich", "unsicher", "panik"],
            ["what if", "scared", "worried", "danger", "threat", "risk", "lose", "fired", "afraid", "careful", "warning", "please don't", "deadline", "was wenn", "gefahr", "angst", "sorge", "bitte nicht"]),
        new("disgust", -1, ["disgust", "repuls", "revuls", "contempt", "scorn", "disdain", "ekel", "verachtung", "abscheu", "angewidert"],
            ["disgusting", "gross", "pathetic", "beneath", "vile", "sick", "widerlich", "erbärmlich", "ekelhaft"]),
        new("shame", -1, ["asham", "shame", "guilt", "remorse", "regret", "embarrass", "humiliat", "mortif", "sorry", "contrit", "apologet", "schäm", "scham", "schuld", "reue", "reuevoll", "peinlich", "bedauer", "verlegen", "gedemütigt"],
            ["sorry", "my fault", "i shouldn't", "i should have", "apologi", "forgive", "mistake", "regret", "i didn't mean", "entschuldig", "verzeih", "fehler", "tut mir leid"]),
        new("hurt", -1, ["hurt", "betray", "wound", "rejected", "offend", "insult", "disappoint", "let down", "disillusion", "verletzt", "verraten", "gekränkt", "enttäusch", "beleidigt", "zurückgewiesen"],
            ["how could you", "i trusted", "behind my back", "you promised", "you said", "after all", "betray", "wie konntest du", "vertraut", "versprochen"]),
        new("jealousy", -1, ["jealous", "envi", "envy", "covet", "resent", "bitter", "eifersücht", "neid", "neidisch", "verbittert", "groll"],
            ["promotion", "got the", "chose", "picked", "instead of me", "better than", "favorite", "beförder", "statt mir", "besser als"]),
        new("surprise", 0, ["surpris", "shock", "astonish", "amaz", "stun", "startl", "bewild", "überrasch", "schock", "erstaunt", "verblüfft", "fassungslos"],
            ["what?", "really?", "no way", "wait", "suddenly", "didn't expect", "out of nowhere", "wirklich?", "was?", "plötzlich", "unerwartet"]),
        new("confusion", 0, ["confus", "puzzl", "perplex", "bewild", "uncertain", "ambival", "torn", "conflict", "verwirr", "ratlos", "unsicher", "zwiegespalten", "hin- und hergerissen"],
            ["i don't understand", "what do you mean", "why would", "i'm not sure", "maybe", "ich verstehe nicht", "was meinst du", "vielleicht"]),
        new("indifference", 0, ["indiffer", "apath", "bored", "uninterest", "detach", "unconcern", "neutral", "nonchal", "gleichgült", "desinteress", "gelangweilt", "teilnahmslos", "unbeteiligt"],
            ["whatever", "fine", "doesn't matter", "i don't care", "sure", "egal", "mir egal", "schon gut"]),
        new("defensive", -1, ["defens", "stubborn", "dismissive", "condescend", "smug", "arrogan", "defiant", "self-right", "abwehr", "defensiv", "stur", "herablass", "selbstgefällig", "trotzig", "überheblich"],
            ["it's called", "that's how", "for once", "be practical", "you always", "not my problem", "i was just", "das nennt man", "so funktioniert"]),
        new("joy", 1, ["happ", "joy", "delight", "elat", "excit", "cheer", "glad", "thrill", "content", "pleas", "amus", "glück", "freud", "fröhlich", "begeist", "aufgeregt", "zufrieden", "erfreut", "amüsiert"],
            ["great", "wonderful", "amazing", "love it", "thank", "finally", "yes!", "congrat", "celebrat", "laugh", "haha", "toll", "wunderbar", "super", "danke", "endlich", "glückwunsch", "lachen"]),
        new("affection", 1, ["affection", "love", "loving", "tender", "caring", "fond", "warm", "compassion", "sympath", "empath", "zuneig", "liebe", "liebevoll", "zärtlich", "fürsorg", "mitfühl", "mitgefühl", "herzlich"],
            ["love you", "dear", "honey", "sweetheart", "care about", "i'm here", "hug", "together", "miss you", "liebling", "schatz", "ich bin da", "zusammen"]),
        new("gratitude", 1, ["grate", "thankf", "apprecia", "dankbar", "wertgeschätzt", "anerkenn"],
            ["thank", "appreciate", "means a lot", "you didn't have to", "danke", "schätze", "bedeutet mir viel"]),
        new("pride", 1, ["proud", "pride", "triumph", "accomplish", "confiden", "self-assur", "vindicat", "stolz", "triumph", "selbstbewusst", "selbstsicher", "bestätigt"],
            ["i did it", "i told you", "won", "best", "achieve", "award", "succeed", "geschafft", "gewonnen", "erfolg"]),
        new("relief", 1, ["relie", "calm", "relax", "reassur", "peace", "serene", "comfort", "erleichter", "ruhig", "entspann", "beruhigt", "gelassen", "getröstet"],
            ["finally", "thank god", "phew", "safe", "over now", "it's okay", "endlich", "gott sei dank", "sicher", "vorbei"]),
        new("hope", 1, ["hope", "optimis", "eager", "enthusias", "determin", "motivat", "inspir", "hoffnung", "optimist", "eifrig", "entschlossen", "motiviert", "inspiriert"],
            ["maybe we can", "let's try", "could work", "next time", "we'll see", "i believe", "vielleicht können wir", "versuchen", "ich glaube"]),
        new("curiosity", 1, ["curio", "interest", "intrigu", "fascinat", "neugier", "interessiert", "fasziniert"],
            ["tell me", "how did", "why", "what happened", "erzähl", "wie hast du", "warum"]),
    ];

    public static readonly string[] PositiveCues =
        ["thank", "love", "great", "good", "wonderful", "happy", "glad", "proud", "congrat", "amazing", "appreciate", "hope", "laugh", "smile", "danke", "liebe", "toll", "gut", "glücklich", "froh", "stolz", "lachen"];

    public static readonly string[] NegativeCues =
        ["no", "not", "never", "can't", "won't", "don't", "hate", "angry", "sorry", "fault", "blame", "lie", "hurt", "wrong", "stop", "leave", "alone", "lost", "bad", "worse", "fail", "nein", "nicht", "nie", "hass", "schuld", "falsch", "allein", "schlecht"];

    /// <summary>The family an emotion word belongs to, or null when the lexicon does not know it.</summary>
    public static Family? FamilyOf(string emotion)
    {
        var word = emotion.ToLowerInvariant();
        Family? best = null;
        int bestLength = 0;
        foreach (var family in Families)
        {
            foreach (var stem in family.NameStems)
            {
                if (word.StartsWith(stem, StringComparison.Ordinal) || (stem.Length >= 5 && word.Contains(stem, StringComparison.Ordinal)))
                {
                    if (stem.Length > bestLength)
                    {
                        best = family;
                        bestLength = stem.Length;
                    }
                }
            }
        }
        return best;
    }

    /// <summary>How often a cue occurs in lower-cased text; with <paramref name="wordStart"/>, only where a word starts.</summary>
    public static int Count(string text, string cue, bool wordStart)
    {
        int n = 0, i = 0;
        while ((i = text.IndexOf(cue, i, StringComparison.Ordinal)) >= 0)
        {
            if (!wordStart || i == 0 || !char.IsLetter(text[i - 1])) n++;
            i += cue.Length;
        }
        return n;
    }

    /// <summary>The tone of lower-cased text from valence cues, in (-1, 1); exclamation marks can count as negative cues.</summary>
    public static double Tone(string text, bool wordStart, bool exclamationsAreNegative)
    {
        int positive = PositiveCues.Sum(c => Count(text, c, wordStart));
        int negative = NegativeCues.Sum(c => Count(text, c, wordStart));
        if (exclamationsAreNegative) negative += Count(text, "!", wordStart) / 2;
        return (positive - negative) / (double)(positive + negative + 2);
    }
}
