using Attune.Chat;
using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Emotions;

/// <summary>
/// An estimator named the way the CLI and configuration files name one: <c>fast</c> (the built-in n-gram model; also
/// <c>builtin</c>), <c>accurate</c> (the sentence-encoder tier), <c>model:SPEC</c> (any chat model, e.g.
/// <c>model:openai:gpt-4o-mini</c>) or <c>onnx:DIR</c> (a Hugging Face sequence-classification export).
/// </summary>
public sealed class EstimatorSpec
{
    private const string ModelPrefix = "model:";
    private const string OnnxPrefix = "onnx:";

    private EstimatorSpec(string kind, string? argument)
    {
        Kind = kind;
        Argument = argument;
    }

    /// <summary>The names an estimator spec may start with, for help texts and completion.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fast", "builtin", "accurate", ModelPrefix, OnnxPrefix];

    /// <summary>The kind: <c>fast</c>, <c>accurate</c>, <c>model</c> or <c>onnx</c>.</summary>
    public string Kind { get; }

    /// <summary>The model spec of a <c>model:</c> estimator, or the folder of an <c>onnx:</c> one; null otherwise.</summary>
    public string? Argument { get; }

    /// <summary>Whether the estimator asks a model over the network (and so needs retries and a timeout).</summary>
    public bool IsRemote => Kind == "model";

    /// <summary>Parses a spec.</summary>
    /// <param name="spec">The spec, e.g. <c>fast</c> or <c>model:ollama:llama3.1</c>.</param>
    /// <returns>The parsed spec.</returns>
    /// <exception cref="InputException">The spec names no known estimator, or its model or folder is missing.</exception>
    public static EstimatorSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec)
        {
            case "fast" or "builtin":
                return new EstimatorSpec("fast", null);
            case "accurate":
                return new EstimatorSpec("accurate", null);
        }
        if (spec.StartsWith(ModelPrefix, StringComparison.Ordinal))
        {
            var model = spec[ModelPrefix.Length..];
            if (model.Length == 0) throw new InputException($"--estimator: \"{spec}\" names no model; use model:PROVIDER:MODEL, e.g. model:openai:gpt-4o-mini");
            _ = ModelSpec.Parse(model);
            return new EstimatorSpec("model", model);
        }
        if (spec.StartsWith(OnnxPrefix, StringComparison.Ordinal))
        {
            var folder = spec[OnnxPrefix.Length..];
            if (folder.Length == 0) throw new InputException($"--estimator: \"{spec}\" names no folder; use onnx:DIR");
            return new EstimatorSpec("onnx", folder);
        }
        throw new InputException($"--estimator: \"{spec}\" is not supported; use fast, accurate, model:SPEC or onnx:DIR");
    }

    /// <summary>Loads the estimator.</summary>
    /// <param name="taxonomy">The taxonomy a <c>model:</c> estimator answers in (the others have their own).</param>
    /// <param name="model">Endpoint and timeout of a <c>model:</c> estimator.</param>
    /// <param name="retries">Retries of a <c>model:</c> estimator's requests (<see cref="RetryOptions.Endpoint"/> is set here).</param>
    /// <returns>The loaded estimator; dispose it when done (it frees a model's client or an ONNX session).</returns>
    public LoadedEstimator Load(Taxonomy taxonomy, ModelOptions? model = null, Action<RetryOptions>? retries = null)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        switch (Kind)
        {
            case "fast":
                return new LoadedEstimator(BuiltInEstimator.Load(), BuiltInEstimator.MaxCharacters, null);
            case "accurate":
                return new LoadedEstimator(AccurateEstimator.Load(), AccurateEstimator.MaxCharacters, null);
            case "model":
                var spec = ModelSpec.Parse(Argument!);
                model ??= new ModelOptions();
                var endpoint = spec.Endpoint(model);
                IChatClient client = spec.CreateChatClient(model).AsBuilder().UseRetries(o =>
                {
                    retries?.Invoke(o);
                    o.Endpoint = endpoint;
                }).Build();
                return new LoadedEstimator(new ChatModelEstimator(client, taxonomy), ChatModelEstimator.MaxCharacters, client);
            default:
                var onnx = OnnxEstimator.Load(Argument!);
                return new LoadedEstimator(onnx, int.MaxValue, onnx);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Argument is null ? Kind : Kind + ":" + Argument;
}
