package dev.croupier.simulator.event;

/**
 * Where a player acts from: client IP, device fingerprint, country and (nullable) coordinates.
 * Carried by account and payment events.
 */
public record Access(
    String ip, String deviceId, String country, Double latitude, Double longitude) {

  /** The same access without coordinates (a client that shares no location). */
  public Access withoutLocation() {
    return new Access(ip, deviceId, country, null, null);
  }
}
