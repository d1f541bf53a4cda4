#include "jeugdsim/report/text.hpp"

#include <cmath>

#include <fmt/format.h>

#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/outputs/readable.hpp"

namespace jeugdsim::report {
namespace {

constexpr Words kEnglish{
    .title = "Youth-care projection",
    .summary = "Summary",
    .out_of_home = "Out-of-home placement",
    .cost = "Cost per year",
    .differences = "What the alternative changes",
    .waiting = "Waiting times and waiting lists",
    .sweeps = "Sweeps",
    .drivers = "Which uncertain inputs drive the results",
    .parameters = "Scenario parameters",
    .reproduce = "How to reproduce this report",
    .year = "Year",
    .scenario = "Scenario",
    .tier = "Tier",
    .alternative = "Alternative",
    .observed = "Observed",
    .cost_mln = "Cost (EUR million)",
    .cost_difference_mln = "Difference in cost (EUR million)",
    .rate_difference_pp = "Difference in out-of-home rate (percentage points)",
    .other_cost = "other",
    .rank_correlation = "Spearman rank correlation",
    .input = "Uncertain input",
    .parameter = "Parameter",
    .value = "Value",
    .differs_note = "Parameters that differ between the scenarios come first, in bold.",
    .version = "jeugdsim version",
    .charts_need_script =
        "The charts need JavaScript; the numbers are in the summary above and in the CSV files.",
    .command = "Command",
    .seed_replications = "seed {}, {} replications",
    .rate_chart_note =
        "Mean over the replications, with its 95% interval as a band; diamonds "
        "outlined in black are the figures observed in reality (the scenario's observed:).",
    .cost_chart_note =
        "Mean over the replications, stacked by tier; each tier's cost includes the "
        "municipalities' admin overhead (costs.admin_overhead_pct).",
    .waiting_chart_note = "Mean per tier, with the 95% interval of the mean as a band.",
    .difference_chart_note =
        "Alternative minus base, replication by replication with the same random numbers "
        "(common random numbers): points are mean differences, lines their paired 95% intervals.",
    .independent_chart_note =
        "Alternative minus base, from independent random numbers (compare --independent): points "
        "are mean differences, lines their 95% intervals, wider than paired ones would be.",
    .sweep_chart_note =
        "In {}: the mean, with its 95% interval as a band, at every point of the sweep.",
    .drivers_chart_note =
        "In {}: the rank correlation of each uncertain input's draw with the result over the "
        "replications, with its 95% interval. The longest bars explain most of the spread.",
    .runs_band_note =
        " Where the runs drew their uncertain inputs (from the priors or a calibration's "
        "posterior), the band is where 95% of the runs fell: what we do not know, and chance.",
    .rate_change = "{0} {1} the out-of-home rate in {2} from {3} to {4} (difference {5} {6}, {7}).",
    .lowers = "lowers",
    .raises = "raises",
    .rate_same =
        "{0} does not clearly change the out-of-home rate in {2}: {3} against {4} "
        "(difference {5} {6}, {7}).",
    .cost_saves = "{0} saves {1} in {2} compared with {3} ({4}).",
    .cost_costs = "{0} costs {1} more in {2} than {3} ({4}).",
    .cost_same = "{0} does not clearly change the cost in {2} against {3}: difference {1} ({4}).",
    .projection = "{0}: in {1} an out-of-home rate of {2} ({3}) and a total cost of {4} ({5}).",
    .observed_against = "{0}, observed against simulated: {1}.",
    .observed_item = "{0} in {1} observed, {2} simulated",
    .sweep_best = "Sweep '{0}', {1}: {2} at {3} ({4}).",
    .lowest_rate = "the lowest out-of-home rate",
    .lowest_cost = "the lowest total cost",
    .driver = "{0}: the spread of the {1} in {2} follows {3} most (rank correlation {4}, {5}).",
    .no_driver =
        "{0}: no uncertain input clearly drives the spread of the {1} in {2} (every "
        "rank correlation's 95% interval holds 0).",
    .driver_needs_replications =
        "{0}: the {1} in {2} cannot be linked with an uncertain input: that takes 4 or more "
        "replications in which both vary.",
    .rate_name = "out-of-home rate",
    .cost_name = "total cost",
    .interval = "95%: {} to {}",
    .interval_posterior = "95% of runs over what the observed figures leave open: {} to {}",
    .interval_priors = "95% of runs over the assumed uncertain inputs: {} to {}",
    .no_interval = "95% interval unknown",
    .point = "Point of the sweep",
    .percentage_points = "percentage points",
};

constexpr Words kDutch{
    .title = "Prognose jeugdzorg",
    .summary = "Samenvatting",
    .out_of_home = "Uithuisplaatsingen",
    .cost = "Kosten per jaar",
    .differences = "Wat het alternatief verandert",
    .waiting = "Wachttijden en wachtlijsten",
    .sweeps = "Verkenningen (sweeps)",
    .drivers = "Welke onzekere aannames de uitkomsten bepalen",
    .parameters = "Parameters van het scenario",
    .reproduce = "Zo is dit rapport te reproduceren",
    .year = "Jaar",
    .scenario = "Scenario",
    .tier = "Zorgniveau",
    .alternative = "Alternatief",
    .observed = "Waargenomen",
    .cost_mln = "Kosten (mln euro)",
    .cost_difference_mln = "Verschil in kosten (mln euro)",
    .rate_difference_pp = "Verschil in uithuisplaatsingen (procentpunt)",
    .other_cost = "overig",
    .rank_correlation = "Spearman-rangcorrelatie",
    .input = "Onzekere aanname",
    .parameter = "Parameter",
    .value = "Waarde",
    .differs_note = "Parameters die tussen de scenario's verschillen staan bovenaan, vetgedrukt.",
    .version = "jeugdsim-versie",
    .charts_need_script =
        "De grafieken hebben JavaScript nodig; de cijfers staan in de "
        "samenvatting hierboven en in de CSV-bestanden.",
    .command = "Opdracht",
    .seed_replications = "seed {}, {} herhalingen",
    .rate_chart_note =
        "Gemiddelde over de herhalingen, met het 95%-interval als band; zwart "
        "omrande ruiten zijn de in werkelijkheid waargenomen cijfers (observed: in het scenario).",
    .cost_chart_note =
        "Gemiddelde over de herhalingen, gestapeld per zorgniveau; de kosten van elk "
        "niveau omvatten de uitvoeringskosten van de gemeenten (costs.admin_overhead_pct).",
    .waiting_chart_note =
        "Gemiddelde per zorgniveau, met het 95%-interval van het gemiddelde als band.",
    .difference_chart_note =
        "Alternatief min basis, herhaling voor herhaling met dezelfde toevalsgetallen (common "
        "random numbers): punten zijn gemiddelde verschillen, lijnen hun gepaarde 95%-intervallen.",
    .independent_chart_note =
        "Alternatief min basis, met onafhankelijke toevalsgetallen (compare --independent): punten "
        "zijn gemiddelde verschillen, lijnen hun 95%-intervallen, breder dan gepaarde.",
    .sweep_chart_note =
        "In {}: het gemiddelde, met het 95%-interval als band, in elk punt van de verkenning.",
    .drivers_chart_note =
        "In {}: de rangcorrelatie van de trekking van elke onzekere aanname met de uitkomst over "
        "de herhalingen, met 95%-interval. De langste balken verklaren de meeste spreiding.",
    .runs_band_note =
        " Waar de runs hun onzekere invoer trokken (uit de aannames of de posterior van een "
        "kalibratie), is de band waar 95% van de runs viel: wat we niet weten, en toeval.",
    .rate_change =
        "{0} {1} het percentage uithuisplaatsingen in {2} van {3} naar {4} (verschil "
        "{5} {6}, {7}).",
    .lowers = "verlaagt",
    .raises = "verhoogt",
    .rate_same =
        "{0} verandert het percentage uithuisplaatsingen in {2} niet duidelijk: {3} "
        "tegen {4} (verschil {5} {6}, {7}).",
    .cost_saves = "{0} bespaart {1} in {2} ten opzichte van {3} ({4}).",
    .cost_costs = "{0} kost {1} meer in {2} dan {3} ({4}).",
    .cost_same =
        "{0} verandert de kosten in {2} niet duidelijk ten opzichte van {3}: verschil {1} ({4}).",
    .projection =
        "{0}: in {1} een percentage uithuisplaatsingen van {2} ({3}) en totale kosten "
        "van {4} ({5}).",
    .observed_against = "{0}, waargenomen tegenover gesimuleerd: {1}.",
    .observed_item = "{0} in {1} waargenomen, {2} gesimuleerd",
    .sweep_best = "Verkenning '{0}', {1}: {2} bij {3} ({4}).",
    .lowest_rate = "het laagste percentage uithuisplaatsingen",
    .lowest_cost = "de laagste totale kosten",
    .driver =
        "{0}: de spreiding van {1} in {2} hangt het sterkst samen met {3} (rangcorrelatie "
        "{4}, {5}).",
    .no_driver =
        "{0}: geen onzekere aanname bepaalt duidelijk de spreiding van {1} in {2} (het "
        "95%-interval van elke rangcorrelatie bevat 0).",
    .driver_needs_replications =
        "{0}: {1} in {2} is niet aan een onzekere aanname te koppelen: daarvoor zijn 4 of meer "
        "replicaties nodig waarin beide variëren.",
    .rate_name = "het percentage uithuisplaatsingen",
    .cost_name = "de totale kosten",
    .interval = "95%: {} tot {}",
    .interval_posterior = "95% van de runs over wat de waargenomen cijfers openlaten: {} tot {}",
    .interval_priors = "95% van de runs over de aangenomen onzekere invoer: {} tot {}",
    .no_interval = "95%-interval onbekend",
    .point = "Punt van de verkenning",
    .percentage_points = "procentpunt",
};

// English digits ("1,234.5") in the language's separators.
std::string in_language(std::string text, Language language) {
  if (language == Language::kEnglish) return text;
  for (char& c : text) c = c == '.' ? ',' : c == ',' ? '.' : c;
  return text;
}

}  // namespace

Language language_named(std::string_view code) {
  if (code == "en") return Language::kEnglish;
  if (code == "nl") return Language::kDutch;
  throw io::InputError("--lang " + std::string(code), "expected 'nl' (Dutch) or 'en' (English)");
}

std::string_view language_code(Language language) {
  return language == Language::kDutch ? "nl" : "en";
}

const Words& words(Language language) { return language == Language::kDutch ? kDutch : kEnglish; }

std::string tier_label(std::string_view tier, Language language) {
  for (const auto& t : models::youth_care::kTiers) {
    if (t.id == tier) return std::string(language == Language::kDutch ? t.dutch : t.english);
  }
  return std::string(tier);
}

std::string_view metric_label(const models::youth_care::MetricInfo& metric, Language language) {
  return language == Language::kDutch ? metric.dutch : metric.english;
}

std::string number_text(double x, int significant, Language language) {
  return in_language(outputs::readable(x, significant), language);
}

std::string money_text(double euros, Language language) {
  if (std::abs(euros) >= 1e6) {
    return fmt::format("EUR {} {}", number_text(euros / 1e6, 3, language),
                       language == Language::kDutch ? "mln" : "million");
  }
  return "EUR " + number_text(euros, 3, language);
}

std::string percent_text(double percent, Language language) {
  return in_language(fmt::format("{:.2f}%", percent), language);
}

std::string signed_points_text(double points, Language language) {
  return in_language(fmt::format("{:+.2f}", points), language);
}

}  // namespace jeugdsim::report
