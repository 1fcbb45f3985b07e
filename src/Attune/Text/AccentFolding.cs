using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Attune.Text;

/// <summary>
/// Strips accents as uncased BERT does (canonical decomposition, then every non-spacing mark removed). Where the
/// platform cannot decompose (.NET's invariant globalization mode, which Attune's own programs use, leaves
/// <see cref="string.Normalize(NormalizationForm)"/> a no-op outside ASCII), a table of the precomposed Latin, Greek
/// and Cyrillic letters and their base letters stands in, so "café" still becomes "cafe".
/// </summary>
internal static class AccentFolding
{
    /// <summary>
    /// Pairs of (precomposed letter, base letter) for U+00C0–U+04FF and U+1E00–U+1FFF: every character whose canonical
    /// decomposition (Unicode 14) minus its non-spacing marks is one other character.
    /// </summary>
    private const string Pairs =
        "ÀAÁAÂAÃAÄAÅAÇCÈEÉEÊEËEÌIÍIÎIÏIÑNÒOÓOÔOÕOÖOÙUÚUÛUÜUÝYàaáaâaãaäaåaçcèeéeêeëeìiíiîi" +
        "ïiñnòoóoôoõoöoùuúuûuüuýyÿyĀAāaĂAăaĄAąaĆCćcĈCĉcĊCċcČCčcĎDďdĒEēeĔEĕeĖEėeĘEęeĚEěeĜG" +
        "ĝgĞGğgĠGġgĢGģgĤHĥhĨIĩiĪIīiĬIĭiĮIįiİIĴJĵjĶKķkĹLĺlĻLļlĽLľlŃNńnŅNņnŇNňnŌOōoŎOŏoŐOőo" +
        "ŔRŕrŖRŗrŘRřrŚSśsŜSŝsŞSşsŠSšsŢTţtŤTťtŨUũuŪUūuŬUŭuŮUůuŰUűuŲUųuŴWŵwŶYŷyŸYŹZźzŻZżzŽZ" +
        "žzƠOơoƯUưuǍAǎaǏIǐiǑOǒoǓUǔuǕUǖuǗUǘuǙUǚuǛUǜuǞAǟaǠAǡaǢÆǣæǦGǧgǨKǩkǪOǫoǬOǭoǮƷǯʒǰjǴGǵg" +
        "ǸNǹnǺAǻaǼÆǽæǾØǿøȀAȁaȂAȃaȄEȅeȆEȇeȈIȉiȊIȋiȌOȍoȎOȏoȐRȑrȒRȓrȔUȕuȖUȗuȘSșsȚTțtȞHȟhȦAȧa" +
        "ȨEȩeȪOȫoȬOȭoȮOȯoȰOȱoȲYȳyʹʹ;;\u0385\u00A8ΆΑ··ΈΕΉΗΊΙΌΟΎΥΏΩΐιΪΙΫΥάαέεήηίιΰυϊιϋυόούυώωϓϒϔϒЀЕЁЕ" +
        "ЃГЇІЌКЍИЎУЙИйиѐеёеѓгїіќкѝиўуѶѴѷѵӁЖӂжӐАӑаӒАӓаӖЕӗеӚӘӛәӜЖӝжӞЗӟзӢИӣиӤИӥиӦОӧоӪӨӫөӬЭӭэ" +
        "ӮУӯуӰУӱуӲУӳуӴЧӵчӸЫӹыḀAḁaḂBḃbḄBḅbḆBḇbḈCḉcḊDḋdḌDḍdḎDḏdḐDḑdḒDḓdḔEḕeḖEḗeḘEḙeḚEḛeḜEḝe" +
        "ḞFḟfḠGḡgḢHḣhḤHḥhḦHḧhḨHḩhḪHḫhḬIḭiḮIḯiḰKḱkḲKḳkḴKḵkḶLḷlḸLḹlḺLḻlḼLḽlḾMḿmṀMṁmṂMṃmṄNṅn" +
        "ṆNṇnṈNṉnṊNṋnṌOṍoṎOṏoṐOṑoṒOṓoṔPṕpṖPṗpṘRṙrṚRṛrṜRṝrṞRṟrṠSṡsṢSṣsṤSṥsṦSṧsṨSṩsṪTṫtṬTṭt" +
        "ṮTṯtṰTṱtṲUṳuṴUṵuṶUṷuṸUṹuṺUṻuṼVṽvṾVṿvẀWẁwẂWẃwẄWẅwẆWẇwẈWẉwẊXẋxẌXẍxẎYẏyẐZẑzẒZẓzẔZẕz" +
        "ẖhẗtẘwẙyẛſẠAạaẢAảaẤAấaẦAầaẨAẩaẪAẫaẬAậaẮAắaẰAằaẲAẳaẴAẵaẶAặaẸEẹeẺEẻeẼEẽeẾEếeỀEềeỂE" +
        "ểeỄEễeỆEệeỈIỉiỊIịiỌOọoỎOỏoỐOốoỒOồoỔOổoỖOỗoỘOộoỚOớoỜOờoỞOởoỠOỡoỢOợoỤUụuỦUủuỨUứuỪU" +
        "ừuỬUửuỮUữuỰUựuỲYỳyỴYỵyỶYỷyỸYỹyἀαἁαἂαἃαἄαἅαἆαἇαἈΑἉΑἊΑἋΑἌΑἍΑἎΑἏΑἐεἑεἒεἓεἔεἕεἘΕἙΕἚΕ" +
        "ἛΕἜΕἝΕἠηἡηἢηἣηἤηἥηἦηἧηἨΗἩΗἪΗἫΗἬΗἭΗἮΗἯΗἰιἱιἲιἳιἴιἵιἶιἷιἸΙἹΙἺΙἻΙἼΙἽΙἾΙἿΙὀοὁοὂοὃοὄο" +
        "ὅοὈΟὉΟὊΟὋΟὌΟὍΟὐυὑυὒυὓυὔυὕυὖυὗυὙΥὛΥὝΥὟΥὠωὡωὢωὣωὤωὥωὦωὧωὨΩὩΩὪΩὫΩὬΩὭΩὮΩὯΩὰαάαὲεέεὴη" +
        "ήηὶιίιὸοόοὺυύυὼωώωᾀαᾁαᾂαᾃαᾄαᾅαᾆαᾇαᾈΑᾉΑᾊΑᾋΑᾌΑᾍΑᾎΑᾏΑᾐηᾑηᾒηᾓηᾔηᾕηᾖηᾗηᾘΗᾙΗᾚΗᾛΗᾜΗᾝΗᾞΗ" +
        "ᾟΗᾠωᾡωᾢωᾣωᾤωᾥωᾦωᾧωᾨΩᾩΩᾪΩᾫΩᾬΩᾭΩᾮΩᾯΩᾰαᾱαᾲαᾳαᾴαᾶαᾷαᾸΑᾹΑᾺΑΆΑᾼΑιι\u1FC1\u00A8ῂηῃηῄηῆηῇηῈΕΈΕῊΗΉΗ" +
        "ῌΗ\u1FCD\u1FBF\u1FCE\u1FBF\u1FCF\u1FBFῐιῑιῒιΐιῖιῗιῘΙῙΙῚΙΊΙ\u1FDD\u1FFE\u1FDE\u1FFE\u1FDF\u1FFEῠυῡυῢυΰυῤρῥρῦυῧυῨΥῩΥῪΥΎΥῬΡ\u1FED\u00A8\u1FEE\u00A8\u1FEF`ῲωῳωῴωῶωῷωῸΟΌΟ" +
        "ῺΩΏΩῼΩ\u1FFD\u00B4";

    private static readonly bool PlatformDecomposes = "\u00E9".Normalize(NormalizationForm.FormD).Length == 2;

    private static readonly FrozenDictionary<char, char> BaseLetters = BuildBaseLetters();

    /// <summary>Removes the accents of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without non-spacing marks, precomposed letters replaced by their base letters.</returns>
    public static string StripAccents(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        string decomposed = PlatformDecomposes ? text.Normalize(NormalizationForm.FormD) : text;
        var builder = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(!PlatformDecomposes && BaseLetters.TryGetValue(c, out char baseLetter) ? baseLetter : c);
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, char> BuildBaseLetters()
    {
        var letters = new Dictionary<char, char>(Pairs.Length / 2);
        for (int i = 0; i + 1 < Pairs.Length; i += 2)
        {
            letters[Pairs[i]] = Pairs[i + 1];
        }

        return letters.ToFrozenDictionary();
    }
}
