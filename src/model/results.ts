// What a finished run hands over, worked out from what it measured: its metrics, the breakdown
// behind by-hour.csv and the like, and bays.csv's records. The run only gathers; these read.
import type { Connector, Scenario } from '../scenario/types.js';
import { atMost, cancelled, type SignalRecorder } from '../stats/signals.js';
import type { Battery } from './battery.js';
import type { Breakdown, FleetTally, HourTally } from './breakdown.js';
import { economicsMetrics } from './economics.js';
import type { Metrics, TruckTally } from './metrics.js';
import type { BayRecord } from './records.js';

/** A bay as its run left it: where it is, and what it measured inside the statistics window. */
export interface MeasuredBay {
  /** 1-based, as in bays.csv. */
  readonly index: number;
  readonly charger: string;
  /** 0-based cabinet of the whole hub. */
  readonly cabinet: number;
  readonly connector: Connector;
  /** Minutes with a truck plugged in, and with one drawing power. */
  readonly occupied: number;
  readonly charging: number;
  /** kWh delivered, and sessions begun. */
  readonly energy: number;
  readonly sessions: number;
  /** Minutes unavailable (failed, under maintenance). */
  readonly downMin: number;
}

/** Everything a finished run measured, over the statistics window [windowStartMin, horizonMin). */
export interface Measured {
  readonly tally: TruckTally;
  /** Per truck type; null when there is one type, whose tally is `tally`. */
  readonly fleetTallies: readonly FleetTally[] | null;
  readonly hours: HourTally;
  /** Grid power, occupied bays, queue, demand and battery power over time. */
  readonly signals: SignalRecorder;
  readonly bays: readonly MeasuredBay[];
  readonly cabinetKw: ArrayLike<number>;
  readonly battery: Battery | null;
  readonly windowStartMin: number;
  readonly horizonMin: number;
  /** Whether any bay has outages (without, availability is exactly 1). */
  readonly outages: boolean;
  readonly economics: Scenario['economics'];
  /** The largest grid limit in force (hub.gridKw), kW. */
  readonly connectionKw: number;
}

/** The run's metrics (README.md defines each); NaN where one is undefined. */
export function runMetrics(m: Measured): Metrics {
  const t = m.tally;
  const hours = (m.horizonMin - m.windowStartMin) / 60;
  let cabinetKw = 0;
  for (let k = 0; k < m.cabinetKw.length; k++) cabinetKw += m.cabinetKw[k];
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
  const served = t.served > 0;
  const sig = m.signals;
  const battery = m.battery;
  // A peak is the highest mean among the intervals wholly inside the window: with none there
  // (an interval longer than the window, or not aligned to it) there is no peak, not one of 0.
  const peaks = sig.intervalsA.count > 0;
  // The trucks' energy: the grid's, less what went into the battery, plus what came out of it.
  const energyInWindow =
    battery === null ? sig.totalA / 60 : cancelled(sig.totalA / 60 - battery.chargedKwh + battery.dischargedKwh, sig.totalA / 60 + battery.chargedKwh + battery.dischargedKwh);
  // The cabinets cap that energy at Σ cabinetKw × hours; adding up three rounded terms could put
  // a cabinet busy all window at 1.0000000000000024, a share above 1 in the CSV.
  const utilization = Math.min(1, energyInWindow / (cabinetKw * hours));
  return {
    trucks_arrived: t.arrived,
    trucks_served: t.served,
    trucks_balked: t.balked,
    trucks_reneged: t.reneged,
    served_share: ratio(t.served, t.arrived),
    service_level: ratio(t.withinThreshold, t.arrived),
    wait_mean_min: served ? t.wait.mean : NaN,
    wait_p50_min: t.waitHist.quantile(0.5),
    wait_p95_min: t.waitHist.quantile(0.95),
    wait_max_min: served ? t.waitMax : NaN,
    no_wait_share: ratio(t.noWait, t.served),
    p_wait_over_15min: ratio(t.longWait, t.served),
    charge_mean_min: served ? t.charge.mean : NaN,
    target_reached_share: ratio(t.targetReached, t.served),
    within_break_share: ratio(t.withinBreak, t.served),
    energy_delivered_kwh: t.energyDelivered,
    energy_unmet_kwh: t.energyUnmet,
    // A time-weighted mean of the bays occupied, summed over many spans, can round a few ulps past
    // the bays there are: a share of 1.0000000000000018 in the CSV for a hub full all window.
    bay_occupancy: atMost(sig.meanB / m.bays.length, 1),
    bay_availability: availability(m),
    power_utilization: utilization,
    grid_peak_kw: peaks ? sig.peakMean : NaN,
    grid_mean_kw: sig.meanA,
    demand_peak_kw: peaks ? sig.peakMeanD : NaN,
    demand_mean_kw: sig.meanD,
    queue_mean: sig.meanC,
    queue_max: sig.maxC,
    battery_discharged_kwh: battery === null ? 0 : battery.dischargedKwh,
    battery_charged_kwh: battery === null ? 0 : battery.chargedKwh,
    battery_losses_kwh: battery === null ? 0 : battery.lossesKwh,
    battery_cycles: battery === null ? NaN : battery.dischargedKwh / battery.capacityKwh,
    ...economicsMetrics(m.economics, {
      gridKwMinByHour: sig.cellA,
      periodPeaks: peaks ? sig.periodPeaks : null,
      windowMin: m.horizonMin - m.windowStartMin,
      deliveredKwh: m.bays.reduce((sum, b) => sum + b.energy, 0),
      connectionKw: m.connectionKw,
    }),
  };
}

/** The time-average share of bays available over the window: 1 without outages. */
function availability(m: Measured): number {
  if (!m.outages) return 1;
  let down = 0;
  for (const b of m.bays) down += b.downMin;
  const n = m.bays.length;
  const share = 1 - down / (n * (m.horizonMin - m.windowStartMin));
  // Summing n bays' minutes rounds by up to about n ulps: with every bay down for the whole
  // window that left a few times 1e-16 either side of 0, a share below 0 in the CSV.
  return share < n * Number.EPSILON ? 0 : share;
}

/** Tallies of the replication, for the command line's per-hour, per-fleet, load-duration and wait-CDF files (not a public format: it may change between versions). */
export function runBreakdown(m: Measured): Breakdown {
  const sig = m.signals;
  return {
    bays: m.bays.length,
    all: m.tally,
    fleets: m.fleetTallies,
    hours: m.hours,
    cellGrid: sig.cellA,
    cellOccupied: sig.cellB,
    cellQueue: sig.cellC,
    cellDemand: sig.cellD(),
    cellBattery: sig.cellF,
    battery: m.battery,
    cellExposure: sig.cellExposure(),
    cellPeak: sig.cellPeak,
    demandBound: sig.dBound(),
    intervalsGrid: sig.intervalsA,
    intervalsDemand: sig.intervalsD,
  };
}

/** bays.csv's rows: each bay's shares of the window, energy and sessions. */
export function bayRecords(m: Measured): BayRecord[] {
  const span = m.horizonMin - m.windowStartMin;
  return m.bays.map((b) => ({
    bay: b.index,
    charger: b.charger,
    cabinet: b.cabinet + 1,
    connector: b.connector,
    // (Each a sum of the bay's sessions' minutes, which rounds like bay_occupancy.)
    occupiedShare: atMost(b.occupied / span, 1),
    chargingShare: atMost(b.charging / span, 1),
    energyKwh: b.energy,
    sessions: b.sessions,
  }));
}
