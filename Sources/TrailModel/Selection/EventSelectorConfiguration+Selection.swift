extension EventSelectorConfiguration {
    /// Whether these selectors select `event`, that is whether a trail with them delivers it.
    ///
    /// This compiles the selectors on every call. To evaluate many events, compile once with
    /// ``CompiledEventSelectors`` and call its ``CompiledEventSelectors/selects(_:)``, which applies the same rules.
    public func selects(_ event: SelectableEvent) -> Bool {
        CompiledEventSelectors(self).selects(event)
    }
}
