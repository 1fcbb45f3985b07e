namespace Attune.Statistics;

/// <summary>One opponent a sampling loop judges the test model against.</summary>
/// <param name="Model">The opponent's name.</param>
/// <param name="Rank">Its rank on the ladder (0 = lowest rated).</param>
/// <param name="Depth">|Rank − test model's rank|.</param>
/// <param name="PairCap">Total logical pairs allowed with this opponent (<see cref="MatchupSchedule.PairCap"/>).</param>
public sealed record MatchupOpponent(string Model, int Rank, int Depth, int PairCap);
