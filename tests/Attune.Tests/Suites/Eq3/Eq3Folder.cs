using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

/// <summary>A small synthetic EQ-Bench 3 data folder written to a temp directory (our own text, not the shared files).</summary>
internal sealed class Eq3Folder : IDisposable
{
    public Eq3Folder(Dictionary<string, string?>? overrides = null, string subfolder = "")
    {
        Root = Path.Combine(Path.GetTempPath(), "attune-eq3-" + Guid.NewGuid().ToString("N"));
        Dir = subfolder.Length == 0 ? Root : Path.Combine(Root, subfolder);
        Directory.CreateDirectory(Dir);
        var files = new Dictionary<string, string?>
        {
            ["scenario_prompts.txt"] = "######## 1 | Work | Lunch\n####### Prompt1\nFirst *turn*.\n####### Prompt2\n  Second turn.\n\n######## 208 | Friend | DM\n####### Prompt1\nDraft it.\n######## 401 | Analysis | Lunch\n####### Prompt1\n# Act 1\nT\n",
            ["scenario_master_prompt.txt"] = "{scenario_prompt}\n\n--\nRP FORMAT",
            ["scenario_master_prompt_message_drafting.txt"] = "{scenario_prompt}\n--\nDRAFT FORMAT",
            ["scenario_master_prompt_analysis.txt"] = "[TRANSCRIPT]\n{scenario_prompt}\n[/TRANSCRIPT]",
            ["debrief_prompt.txt"] = "Debrief now.",
            ["rubric_scoring_prompt.txt"] = "# Judge\n{transcript}\nDEBRIEF:\n{debrief}\nFORMAT:\n{output_format}",
            ["rubric_scoring_prompt_analysis.txt"] = "# Judge analysis\n{transcript}\nFORMAT:\n{output_format}",
            ["rubric_scoring_criteria.txt"] = "demonstrated_empathy\npragmatic_ei\n# comment\n\nwarmth\n",
            ["rubric_scoring_criteria_analysis.txt"] = "depth_of_insight\ncorrectness",
            ["pairwise_prompt_eqbench3.txt"] = "[A]\n{conversation_history_A}\n{debrief_A}\n[B]\n{conversation_history_B}\n{debrief_B}\nNOTES:\n{scenario_notes}",
            ["pairwise_prompt_eqbench3_analysis.txt"] = "NOTES:\n{scenario_notes}\n[T]\n{transcript_being_analysed}\n[A]\n{response_A}\n[B]\n{response_B}",
            ["scenario_notes.txt"] = "# 1\nNote for one.\n\n# 2\n\n\n# 3\n",
        };
        foreach (var (k, v) in overrides ?? []) files[k] = v;
        foreach (var (name, text) in files)
            if (text is not null) File.WriteAllText(Path.Combine(Dir, name), text);
    }

    public string Root { get; }

    public string Dir { get; }

    public Eq3Data Load() => Eq3Data.Load(Root);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
