/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Runs the validation experiment (Lwm2mOracleExperiment) over a range of loss probabilities
 * and writes simulated and analytic values side by side, with 99 % intervals, to a CSV that
 * plot-validation.py turns into doc/figures/validation.png.
 *
 *   lwm2m-validation-report --devices 2000 --loss 0,0.05,0.1,0.2,0.3,0.4,0.5 --output v.csv
 *
 * With --fleet-runs R it runs instead the storm as users run it (Lwm2mFleetExperiment: R
 * storms of 1,000 devices per loss value, retries off) and writes the device- and server-side
 * success ratios with their 99 % intervals, the session oracle's values (Lwm2mSessionOracle),
 * the textbook product, and the mean and chi-square statistic of the extra latency:
 *
 *   lwm2m-validation-report --fleet-runs 10 --loss 0.05,0.1,0.2,0.3,0.5 --output fleet.csv
 */

#include "ns3/lwm2m-bootstrap-oracle.h"
#include "ns3/lwm2m-fleet-experiment.h"
#include "ns3/lwm2m-oracle-experiment.h"
#include "ns3/lwm2m-session-oracle.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;
namespace po = boost::program_options;

int
main(int argc, char** argv)
{
    uint32_t devices = 2000;
    uint32_t fleetRuns = 0;
    std::string lossList;
    std::string output;
    po::options_description opts("lwm2m-validation-report: simulated vs analytic bootstrap");
    opts.add_options()("help,h", "print this help")(
        "devices", po::value(&devices)->default_value(2000), "independent devices per loss value")(
        "loss", po::value(&lossList)->default_value("0,0.05,0.1,0.2,0.3,0.4,0.5"),
        "comma-separated loss probabilities")(
        "output,o", po::value(&output)->default_value("validation.csv"), "CSV file to write")(
        "fleet-runs", po::value(&fleetRuns)->default_value(0),
        "run the storm as users run it, this many storms of 1000 devices per loss value");
    std::vector<double> losses;
    try
    {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, opts), vm);
        if (vm.count("help"))
        {
            std::cout << opts << std::endl;
            return 0;
        }
        po::notify(vm);
        std::stringstream ss(lossList);
        std::string item;
        while (std::getline(ss, item, ','))
        {
            char* end = nullptr;
            double p = std::strtod(item.c_str(), &end);
            if (*end != '\0' || !(p >= 0 && p < 1))
            {
                std::cerr << "lwm2m-validation-report: --loss: '" << item
                          << "' is not a probability in [0, 1)" << std::endl;
                return 2;
            }
            losses.push_back(p);
        }
        if (devices < 2)
        {
            std::cerr << "lwm2m-validation-report: --devices: at least 2" << std::endl;
            return 2;
        }
    }
    catch (const po::error& e)
    {
        std::cerr << "lwm2m-validation-report: " << e.what() << std::endl;
        return 2;
    }

    std::ostringstream csv;
    if (fleetRuns > 0)
    {
        csv << "loss,devices,device_success,device_lo,device_hi,oracle_device_success,"
               "server_success,server_lo,server_hi,oracle_server_success,textbook_success,"
               "mean_extra_latency_s,oracle_mean_extra_latency_s,chi2,chi2_df,chi2_critical_1pct\n";
        auto lossless = Lwm2mFleetExperiment::Run(0, 100);
        double base = *std::min_element(lossless.latency.begin(), lossless.latency.end());
        for (double p : losses)
        {
            if (p == 0)
            {
                continue;
            }
            uint32_t n = 0;
            uint32_t device = 0;
            uint32_t server = 0;
            std::vector<double> extra;
            for (uint32_t run = 1; run <= fleetRuns; ++run)
            {
                auto r = Lwm2mFleetExperiment::Run(p, 1000, "", 0, 1, run);
                n += r.devices;
                device += r.deviceSuccesses;
                server += r.serverSuccesses;
                for (double l : r.latency)
                {
                    extra.push_back(l - base);
                }
            }
            Lwm2mSessionOracle o(p, 3);
            auto [dlo, dhi] = Lwm2mBootstrapOracle::BinomialInterval99(n, o.DeviceSuccess());
            auto [slo, shi] = Lwm2mBootstrapOracle::BinomialInterval99(n, o.ServerSuccess());
            double mean = 0;
            for (double e : extra)
            {
                mean += e;
            }
            mean /= std::max<size_t>(extra.size(), 1);
            std::vector<double> edges = o.ChiSquareEdges(extra.size(), 10);
            std::vector<uint64_t> counts = Lwm2mSessionOracle::BinCounts(edges, extra);
            std::vector<double> p0 = o.BinProbabilities(edges);
            double df = p0.size() - 1.0;
            char line[512];
            std::snprintf(
                line, sizeof(line),
                "%.3f,%u,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.3f,%.0f,"
                "%.3f\n",
                p, n, double(device) / n, double(dlo) / n, double(dhi) / n, o.DeviceSuccess(),
                double(server) / n, double(slo) / n, double(shi) / n, o.ServerSuccess(),
                o.TextbookSuccess(), mean, o.MeanExtraLatency(),
                df > 0 ? Lwm2mSessionOracle::ChiSquareStatistic(counts, p0) : 0.0, df,
                df > 0 ? Lwm2mSessionOracle::ChiSquareCritical(df, 0.01) : 0.0);
            csv << line;
            std::cerr << "loss " << p << " done" << std::endl;
        }
    }
    else
    {
        csv << "loss,devices,bootstrap_success,bootstrap_success_lo,bootstrap_success_hi,"
               "oracle_bootstrap_success,exchange_failure,oracle_exchange_failure,"
               "mean_transmissions,mean_transmissions_ci,oracle_mean_transmissions,"
               "mean_extra_latency_s,mean_extra_latency_ci_s,oracle_mean_extra_latency_s\n";
        double rtt = -1;
        for (double p : losses)
        {
            auto r = Lwm2mOracleExperiment::Run(p, devices);
            Lwm2mBootstrapOracle o(p);
            if (rtt < 0)
            {
                // The RTT: the shortest Request Bootstrap exchange of a lossless run.
                auto r0 = p == 0 ? r : Lwm2mOracleExperiment::Run(0, 50);
                rtt = *std::min_element(r0.requestLatency.begin(), r0.requestLatency.end());
            }
            auto [lo, hi]
                = Lwm2mBootstrapOracle::BinomialInterval99(devices, o.BootstrapSuccess(3));
            double sum = 0;
            double sum2 = 0;
            for (double l : r.requestLatency)
            {
                sum += l - rtt;
                sum2 += (l - rtt) * (l - rtt);
            }
            double n = r.requestLatency.size();
            double m = sum / n;
            double sd = n > 1 ? std::sqrt(std::max(0.0, (sum2 / n - m * m) * n / (n - 1))) : 0;
            double tx = double(r.datagrams) / r.exchanges;
            char line[512];
            std::snprintf(
                line, sizeof(line),
                "%.3f,%u,%.6f,%.6f,%.6f,%.6f,%.6g,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n", p, devices,
                double(r.bootstraps) / devices, double(lo) / devices, double(hi) / devices,
                o.BootstrapSuccess(3), double(r.exchanges - r.answered) / r.exchanges,
                o.ExchangeFailure(), tx, 2.576 * std::sqrt(o.VarianceTransmissions() / r.exchanges),
                o.MeanTransmissions(), m, 2.576 * sd / std::sqrt(n), o.MeanExtraLatency());
            csv << line;
            std::cerr << "loss " << p << " done" << std::endl;
        }
    }
    std::string tmp = output + ".tmp";
    {
        std::ofstream f(tmp);
        f << csv.str();
        if (!f)
        {
            std::cerr << "lwm2m-validation-report: cannot write " << output << std::endl;
            std::remove(tmp.c_str());
            return 1;
        }
    }
    if (std::rename(tmp.c_str(), output.c_str()) != 0)
    {
        std::cerr << "lwm2m-validation-report: cannot write " << output << std::endl;
        return 1;
    }
    std::cout << csv.str();
    return 0;
}
