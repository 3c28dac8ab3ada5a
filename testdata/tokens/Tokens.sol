// SPDX-License-Identifier: MIT
// The test tokens of solvent-token: one plain ERC-20 and one of each kind of
// trap a "pixiu" token sets. solc compiles them in the tests
// (crates/solvent-token/tests/chain/compile.js).
pragma solidity 0.8.28;

/// A minimal ERC-20 whose transfers pass through `_fee`: each test token
/// overrides it with its trap. The fee goes to the owner. Its state is
/// set by `_init`, so that an implementation behind a proxy can share it.
contract BaseToken {
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    address public owner;
    /// The token's Uniswap pair, which the owner sets after creating it.
    address public pair;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        _init(supply);
    }

    function _init(uint256 supply) internal {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "only the owner");
        _;
    }

    function setPair(address newPair) external onlyOwner {
        pair = newPair;
    }

    function renounceOwnership() external onlyOwner {
        owner = address(0);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) internal {
        require(balanceOf[from] >= value, "balance");
        uint256 fee = _fee(from, to, value);
        balanceOf[from] -= value;
        balanceOf[to] += value - fee;
        if (fee > 0) {
            balanceOf[owner] += fee;
            emit Transfer(from, owner, fee);
        }
        emit Transfer(from, to, value - fee);
    }

    function _fee(address, address, uint256) internal virtual returns (uint256) {
        return 0;
    }
}

/// No trap.
contract PlainToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}
}

/// Only the owner may sell: a transfer into the pair from anyone else
/// reverts.
contract SellBlockedToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256) internal view override returns (uint256) {
        require(to != pair || from == owner, "trading not enabled");
        return 0;
    }
}

/// Sales pay 99% to the owner.
contract SellTaxToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256 value) internal view override returns (uint256) {
        return to == pair && from != owner ? value * 99 / 100 : 0;
    }
}

/// Sells freely after the first buy; from the second buy on, sales pay 90%.
contract LateTaxToken is BaseToken {
    uint256 public buys;

    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256 value) internal override returns (uint256) {
        if (from == pair) {
            buys += 1;
            return 0;
        }
        return to == pair && from != owner && buys > 1 ? value * 90 / 100 : 0;
    }
}

/// Every buyer is blacklisted by its buy: it can never move what it
/// bought. The owner can blacklist anyone too.
contract BlacklistAfterBuyToken is BaseToken {
    mapping(address => bool) public isBlacklisted;

    constructor(uint256 supply) BaseToken(supply) {}

    function setBlacklist(address account, bool value) external onlyOwner {
        isBlacklisted[account] = value;
    }

    function _fee(address from, address to, uint256) internal override returns (uint256) {
        require(!isBlacklisted[from], "blacklisted");
        if (from == pair && to != owner) isBlacklisted[to] = true;
        return 0;
    }
}

/// Trades freely; the owner can mint any amount at any time.
contract MintableToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function mint(address to, uint256 value) external onlyOwner {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }
}

/// Trades freely until the owner pauses it; then only the owner can move
/// tokens.
contract PausableToken is BaseToken {
    bool public paused;

    constructor(uint256 supply) BaseToken(supply) {}

    function pause() external onlyOwner {
        paused = true;
    }

    function unpause() external onlyOwner {
        paused = false;
    }

    function _fee(address from, address, uint256) internal view override returns (uint256) {
        require(!paused || from == owner, "paused");
        return 0;
    }
}

/// No wallet but the owner's and the pair's may hold more than 1% of the
/// supply.
contract MaxWalletToken is BaseToken {
    uint256 public immutable maxWallet;

    constructor(uint256 supply) BaseToken(supply) {
        maxWallet = supply / 100;
    }

    function _fee(address, address to, uint256 value) internal view override returns (uint256) {
        require(to == pair || to == owner || balanceOf[to] + value <= maxWallet, "max wallet");
        return 0;
    }
}

/// No transfer but the owner's may move more than 1% of the supply.
contract MaxTransactionToken is BaseToken {
    uint256 public immutable maxTransaction;

    constructor(uint256 supply) BaseToken(supply) {
        maxTransaction = supply / 100;
    }

    function _fee(address from, address to, uint256 value) internal view override returns (uint256) {
        require(from == owner || to == owner || value <= maxTransaction, "max transaction");
        return 0;
    }
}

/// Its owner can delete it.
contract SelfDestructToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function destroy() external onlyOwner {
        selfdestruct(payable(owner));
    }
}

/// The implementation a proxy starts with: plain, state set by
/// `initialize` through the proxy.
contract UpgradeableToken is BaseToken {
    constructor() BaseToken(0) {}

    function initialize(uint256 supply) external {
        require(owner == address(0) && totalSupply == 0, "initialized");
        _init(supply);
    }
}

/// What the proxy's admin swaps in: only the owner may sell.
contract UpgradeableSellBlockedToken is UpgradeableToken {
    function _fee(address from, address to, uint256) internal view override returns (uint256) {
        require(to != pair || from == owner, "trading not enabled");
        return 0;
    }
}

/// An EIP-1967 proxy whose admin (its deployer) can swap the
/// implementation.
contract TokenProxy {
    bytes32 private constant IMPLEMENTATION = bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1);
    bytes32 private constant ADMIN = bytes32(uint256(keccak256("eip1967.proxy.admin")) - 1);

    constructor(address implementation, bytes memory init) {
        _store(IMPLEMENTATION, implementation);
        _store(ADMIN, msg.sender);
        (bool ok, ) = implementation.delegatecall(init);
        require(ok, "initialize");
    }

    function upgradeTo(address implementation) external {
        require(msg.sender == _load(ADMIN), "only the admin");
        _store(IMPLEMENTATION, implementation);
    }

    fallback() external payable {
        address implementation = _load(IMPLEMENTATION);
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    function _store(bytes32 slot, address value) private {
        assembly {
            sstore(slot, value)
        }
    }

    function _load(bytes32 slot) private view returns (address value) {
        assembly {
            value := sload(slot)
        }
    }
}
