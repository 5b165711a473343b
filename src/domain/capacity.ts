import * as O from 'fp-ts/lib/Option.js';
import type { Offer, Requirements } from './resources.js';

/** A worker's free capacity; accelerators are the free device indices, lowest first. */
export interface Capacity {
  readonly cpu: number;
  readonly accelerators: readonly number[];
  readonly memoryMb: number;
}

/** What one running job holds of a worker's capacity. */
export interface Reservation {
  readonly cpu: number;
  readonly acceleratorIndices: readonly number[];
  readonly memoryMb: number;
}

export const capacityOf = (cpu: number, acceleratorCount: number, memoryMb: number): Capacity => ({
  cpu,
  accelerators: Array.from({ length: acceleratorCount }, (_, index) => index),
  memoryMb,
});

/** The exact free capacity as a claim offer: here 0 means "none free", never "no filter". */
export const offerOf = (capacity: Capacity): Offer => ({
  cpu: capacity.cpu,
  accelerators: capacity.accelerators.length,
  memoryMb: capacity.memoryMb,
});

/** Reserve a job's needs, handing it the lowest free accelerator indices. */
export const reserve = (capacity: Capacity, need: Requirements): O.Option<{ capacity: Capacity; reservation: Reservation }> => {
  if (need.cpu > capacity.cpu || need.accelerators > capacity.accelerators.length || need.memoryMb > capacity.memoryMb) {
    return O.none;
  }
  const acceleratorIndices = capacity.accelerators.slice(0, need.accelerators);
  return O.some({
    capacity: {
      cpu: capacity.cpu - need.cpu,
      accelerators: capacity.accelerators.slice(need.accelerators),
      memoryMb: capacity.memoryMb - need.memoryMb,
    },
    reservation: { cpu: need.cpu, acceleratorIndices, memoryMb: need.memoryMb },
  });
};

export const releaseReservation = (capacity: Capacity, reservation: Reservation): Capacity => ({
  cpu: capacity.cpu + reservation.cpu,
  accelerators: [...capacity.accelerators, ...reservation.acceleratorIndices].sort((a, b) => a - b),
  memoryMb: capacity.memoryMb + reservation.memoryMb,
});
