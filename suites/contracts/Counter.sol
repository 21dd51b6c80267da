// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Counter: the contract the `contracts` acceptance suite deploys.
/// @notice Small on purpose; each function exists for one check of the suite:
/// events with indexed arguments (filters), a `require` string and a custom
/// error (revert reasons reaching the client), and a call whose gas need
/// exceeds its final gas use (gas estimation).
contract Counter {
    /// The account that deployed the counter; only it may reset it.
    address public immutable owner;

    /// The current count.
    uint256 public count;

    /// Scratch storage for `churn`, empty between calls.
    mapping(uint256 => uint256) private scratch;

    /// Emitted on every change of the count; `by` and `count` are indexed so
    /// that clients can filter on either.
    event Incremented(address indexed by, uint256 indexed count, uint256 step);

    /// Thrown when someone other than the owner tries to reset the counter.
    error NotOwner(address caller, address owner);

    constructor(uint256 initial) {
        owner = msg.sender;
        count = initial;
    }

    /// Adds `step` (at least 1) to the count.
    function add(uint256 step) public {
        require(step > 0, "step must be positive");
        count += step;
        emit Incremented(msg.sender, count, step);
    }

    /// Adds 1 to the count.
    function increment() external {
        add(1);
    }

    /// Sets the count back to zero; owner only.
    function reset() external {
        if (msg.sender != owner) revert NotOwner(msg.sender, owner);
        count = 0;
    }

    /// Fills `slots` storage slots and clears them again through an external
    /// call to itself, then increments the count. The clearing earns a gas
    /// refund, so the gas finally used is less than the gas the execution
    /// needs; and the inner call gets only 63/64 of the remaining gas. Both
    /// defeat a gas estimate that is merely the gas used.
    function churn(uint256 slots) external {
        this.fillAndClear(slots);
        add(1);
    }

    /// The inner half of `churn`; callable by anyone, harmless.
    function fillAndClear(uint256 slots) external {
        for (uint256 i = 0; i < slots; ++i) scratch[i] = i + 1;
        for (uint256 i = 0; i < slots; ++i) delete scratch[i];
    }
}
