import Testing

@testable import TrailValidation

@Test func moduleLoads() {
    #expect(String(describing: TrailValidation.self) == "TrailValidation")
}
